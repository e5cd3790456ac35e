using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;

namespace AtlanTokens.HelpBuilder
{
    /// <summary>
    /// Reads a cmdlet page in the PlatyPS v1 markdown schema (schema: 2.0.0) and checks it strictly: a page that
    /// PlatyPS could not read either is an error here, with every problem listed.
    /// </summary>
    internal sealed class CommandPageParser
    {
        public static readonly string[] Sections =
        {
            "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS",
        };

        private static readonly string[] RequiredYamlKeys =
        {
            "Type", "Parameter Sets", "Aliases", "Required", "Position", "Default value", "Accept pipeline input", "Accept wildcard characters",
        };

        private static readonly Regex SyntaxParameter = new Regex(@"(?:^|[\s\[])-(?<name>[A-Za-z][A-Za-z0-9_]*)\b", RegexOptions.Compiled);
        private static readonly Regex CommandName = new Regex(@"^[A-Za-z]+-[A-Za-z0-9]+$", RegexOptions.Compiled);
        private static readonly Regex Pipeline = new Regex(@"^(False|True \((ByValue|ByPropertyName|ByPropertyName, ByValue|ByValue, ByPropertyName)\))$", RegexOptions.Compiled);

        private readonly string _file;
        private readonly string _text;
        private readonly List<string> _problems = new List<string>();

        private CommandPageParser(string file, string text)
        {
            _file = file;
            _text = text;
        }

        public static MarkdownPipeline Markdown { get; } = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

        public static CommandHelp Parse(string file)
        {
            var parser = new CommandPageParser(file, File.ReadAllText(file).Replace("\r\n", "\n"));
            CommandHelp help = parser.Read();
            if (parser._problems.Count > 0)
            {
                throw new HelpFormatException(file, parser._problems);
            }

            return help;
        }

        private void Problem(Block? at, string message)
            => _problems.Add(at == null ? message : $"line {at.Line + 1}: {message}");

        private CommandHelp Read()
        {
            var help = new CommandHelp();
            MarkdownDocument document = Markdig.Markdown.Parse(_text, Markdown);
            List<Block> blocks = document.ToList();

            Dictionary<string, string> front = ReadFrontMatter(blocks.OfType<YamlFrontMatterBlock>().FirstOrDefault());
            blocks.RemoveAll(b => b is YamlFrontMatterBlock);
            CheckFrontMatter(front);
            help.OnlineVersion = front.TryGetValue("online version", out string? online) && online.Length > 0 ? online : null;

            // # Name
            if (blocks.Count == 0 || !(blocks[0] is HeadingBlock { Level: 1 } title))
            {
                Problem(blocks.FirstOrDefault(), "the page must start (after the front matter) with '# <Verb-Noun>'.");
                return help;
            }

            help.Name = MarkdownText.Inline(title.Inline);
            string expected = Path.GetFileNameWithoutExtension(_file);
            if (!CommandName.IsMatch(help.Name))
            {
                Problem(title, $"'# {help.Name}' is not a Verb-Noun command name.");
            }
            else if (!string.Equals(help.Name, expected, StringComparison.Ordinal))
            {
                Problem(title, $"the title '# {help.Name}' does not match the file name '{expected}.md'.");
            }

            // ## sections, in PlatyPS order
            var sections = new Dictionary<string, List<Block>>(StringComparer.Ordinal);
            var order = new List<string>();
            List<Block>? current = null;
            foreach (Block block in blocks.Skip(1))
            {
                if (block is HeadingBlock { Level: 2 } h2)
                {
                    string name = MarkdownText.Inline(h2.Inline).Trim();
                    if (!Sections.Contains(name))
                    {
                        Problem(h2, $"unknown section '## {name}'; expected one of: {string.Join(", ", Sections)}.");
                        current = null;
                        continue;
                    }

                    if (sections.ContainsKey(name))
                    {
                        Problem(h2, $"section '## {name}' appears twice.");
                    }

                    current = sections[name] = new List<Block>();
                    order.Add(name);
                    continue;
                }

                if (block is HeadingBlock { Level: 1 } extra)
                {
                    Problem(extra, "a cmdlet page has one '# ' heading only.");
                    continue;
                }

                if (current == null)
                {
                    Problem(block, "text outside any '## ' section.");
                    continue;
                }

                current.Add(block);
            }

            string[] missing = Sections.Where(s => !sections.ContainsKey(s)).ToArray();
            if (missing.Length > 0)
            {
                Problem(null, $"missing section(s): {string.Join(", ", missing.Select(m => "## " + m))}.");
            }

            var expectedOrder = Sections.Where(order.Contains).ToList();
            if (!expectedOrder.SequenceEqual(order))
            {
                Problem(null, $"sections are out of order: {string.Join(", ", order)}; PlatyPS expects {string.Join(", ", Sections)}.");
            }

            help.Synopsis.AddRange(MarkdownText.Paragraphs(Section(sections, "SYNOPSIS")));
            if (help.Synopsis.Count == 0 && sections.ContainsKey("SYNOPSIS"))
            {
                Problem(null, "## SYNOPSIS is empty.");
            }

            help.Description.AddRange(MarkdownText.Paragraphs(Section(sections, "DESCRIPTION")));
            if (help.Description.Count == 0 && sections.ContainsKey("DESCRIPTION"))
            {
                Problem(null, "## DESCRIPTION is empty.");
            }

            ReadSyntax(help, Section(sections, "SYNTAX"));
            ReadExamples(help, Section(sections, "EXAMPLES"));
            ReadParameters(help, Section(sections, "PARAMETERS"));
            ReadTypes(help.Inputs, Section(sections, "INPUTS"), "INPUTS");
            ReadTypes(help.Outputs, Section(sections, "OUTPUTS"), "OUTPUTS");
            help.Notes.AddRange(MarkdownText.Paragraphs(Section(sections, "NOTES")));
            ReadLinks(help, Section(sections, "RELATED LINKS"));
            CheckSyntaxAgainstParameters(help);
            CheckPlaceholders();
            return help;
        }

        private static List<Block> Section(Dictionary<string, List<Block>> sections, string name)
            => sections.TryGetValue(name, out List<Block>? blocks) ? blocks : new List<Block>();

        private Dictionary<string, string> ReadFrontMatter(YamlFrontMatterBlock? block)
        {
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (block == null)
            {
                return values;
            }

            foreach (var line in block.Lines.Lines.Take(block.Lines.Count))
            {
                string text = line.Slice.ToString();
                if (text.Trim() == "---" || text.Trim().Length == 0)
                {
                    continue;
                }

                int colon = text.IndexOf(':');
                if (colon <= 0)
                {
                    Problem(block, $"front matter line '{text}' is not 'key: value'.");
                    continue;
                }

                values[text.Substring(0, colon).Trim()] = text.Substring(colon + 1).Trim();
            }

            return values;
        }

        private void CheckFrontMatter(Dictionary<string, string> front)
        {
            if (front.Count == 0)
            {
                Problem(null, "missing YAML front matter (--- external help file / Module Name / online version / schema ---).");
                return;
            }

            foreach (string key in new[] { "external help file", "Module Name", "online version", "schema" })
            {
                if (!front.ContainsKey(key))
                {
                    Problem(null, $"front matter has no '{key}:'.");
                }
            }

            if (front.TryGetValue("schema", out string? schema) && schema != "2.0.0")
            {
                Problem(null, $"front matter 'schema: {schema}' is not 2.0.0 (PlatyPS v1).");
            }

            if (front.TryGetValue("external help file", out string? helpFile) && !helpFile.EndsWith("-Help.xml", StringComparison.OrdinalIgnoreCase))
            {
                Problem(null, $"front matter 'external help file: {helpFile}' should name a <dll>-Help.xml file.");
            }
        }

        private void ReadSyntax(CommandHelp help, List<Block> blocks)
        {
            SyntaxHelp? set = null;
            foreach (Block block in blocks)
            {
                if (block is HeadingBlock { Level: 3 } h3)
                {
                    string heading = MarkdownText.Inline(h3.Inline).Trim();
                    bool isDefault = heading.EndsWith("(Default)", StringComparison.Ordinal);
                    string name = isDefault ? heading.Substring(0, heading.Length - "(Default)".Length).Trim() : heading;
                    if (name.Length == 0 || name.Contains(' '))
                    {
                        Problem(h3, $"'### {heading}' is not a parameter set name (optionally followed by ' (Default)').");
                    }

                    set = new SyntaxHelp { SetName = name, IsDefault = isDefault };
                    help.Syntax.Add(set);
                    continue;
                }

                if (block is FencedCodeBlock code)
                {
                    if (set == null)
                    {
                        // A single-set cmdlet: PlatyPS writes the block without a heading.
                        set = new SyntaxHelp { SetName = SyntaxHelp.AllParameterSets, IsDefault = true };
                        help.Syntax.Add(set);
                    }
                    else if (set.ParameterOrder.Count > 0 || set.SetName.Length == 0)
                    {
                        Problem(code, $"parameter set '{set.SetName}' has more than one syntax block.");
                        continue;
                    }

                    string syntax = string.Join(" ", MarkdownText.Code(code).Split('\n').Select(l => l.Trim()));
                    if (!syntax.StartsWith(help.Name + " ", StringComparison.Ordinal) && syntax != help.Name)
                    {
                        Problem(code, $"the syntax block of '{set.SetName}' does not start with '{help.Name}'.");
                    }

                    if (!syntax.Contains("[<CommonParameters>]", StringComparison.Ordinal))
                    {
                        Problem(code, $"the syntax block of '{set.SetName}' does not end with [<CommonParameters>].");
                    }

                    foreach (Match match in SyntaxParameter.Matches(syntax))
                    {
                        string parameter = match.Groups["name"].Value;
                        if (!set.ParameterOrder.Contains(parameter, StringComparer.OrdinalIgnoreCase))
                        {
                            set.ParameterOrder.Add(parameter);
                        }
                    }

                    continue;
                }

                Problem(block, "## SYNTAX holds only '### SetName' headings and ``` syntax blocks.");
            }

            if (help.Syntax.Count == 0)
            {
                Problem(null, "## SYNTAX has no syntax block.");
            }

            if (help.Syntax.Count > 1)
            {
                if (help.Syntax.Count(s => s.IsDefault) != 1)
                {
                    Problem(null, "## SYNTAX: exactly one parameter set must be marked '(Default)'.");
                }

                foreach (SyntaxHelp s in help.Syntax.Where(s => s.ParameterOrder.Count == 0 && s.SetName != SyntaxHelp.AllParameterSets))
                {
                    if (!blocks.OfType<FencedCodeBlock>().Any())
                    {
                        Problem(null, $"parameter set '{s.SetName}' has no syntax block.");
                    }
                }
            }

            var duplicates = help.Syntax.GroupBy(s => s.SetName).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            if (duplicates.Count > 0)
            {
                Problem(null, $"## SYNTAX lists parameter set(s) twice: {string.Join(", ", duplicates)}.");
            }
        }

        private void ReadExamples(CommandHelp help, List<Block> blocks)
        {
            ExampleHelp? example = null;
            Block? started = null;
            var pending = new List<Block>();

            void Finish()
            {
                if (example == null)
                {
                    return;
                }

                example.Remarks.AddRange(MarkdownText.Paragraphs(pending));
                pending.Clear();
                if (example.Code.Count == 0)
                {
                    Problem(started, $"example '{example.Title}' has no code block.");
                }

                if (example.Remarks.Count == 0)
                {
                    Problem(started, $"example '{example.Title}' has no explanation.");
                }
            }

            foreach (Block block in blocks)
            {
                if (block is HeadingBlock { Level: 3 } h3)
                {
                    Finish();
                    example = new ExampleHelp { Title = MarkdownText.Inline(h3.Inline).Trim() };
                    started = h3;
                    help.Examples.Add(example);
                    if (!example.Title.StartsWith("Example ", StringComparison.Ordinal))
                    {
                        Problem(h3, $"example heading '### {example.Title}' should read '### Example N: title'.");
                    }

                    continue;
                }

                if (example == null)
                {
                    Problem(block, "## EXAMPLES must start with '### Example 1: title'.");
                    continue;
                }

                if (block is FencedCodeBlock code)
                {
                    // Text before the code explains it too; MAML has no place of its own for it, so it leads the remarks.
                    example.Code.Add(MarkdownText.Code(code));
                    continue;
                }

                pending.Add(block);
            }

            Finish();
            if (help.Examples.Count == 0)
            {
                Problem(null, "## EXAMPLES has no example.");
            }
        }

        private void ReadParameters(CommandHelp help, List<Block> blocks)
        {
            ParameterHelp? parameter = null;
            bool common = false;
            var pending = new List<Block>();
            HeadingBlock? heading = null;

            void Finish()
            {
                if (parameter == null)
                {
                    return;
                }

                parameter.Description.AddRange(MarkdownText.Paragraphs(pending));
                pending.Clear();
                if (parameter.Description.Count == 0)
                {
                    Problem(heading, $"parameter -{parameter.Name} has no description.");
                }

                if (parameter.Metadata.Count == 0)
                {
                    Problem(heading, $"parameter -{parameter.Name} has no ```yaml block.");
                }
            }

            foreach (Block block in blocks)
            {
                if (block is HeadingBlock { Level: 3 } h3)
                {
                    Finish();
                    parameter = null;
                    heading = h3;
                    string text = MarkdownText.Inline(h3.Inline).Trim();
                    if (text == "CommonParameters")
                    {
                        common = true;
                        continue;
                    }

                    if (!text.StartsWith("-", StringComparison.Ordinal) || text.Length < 2 || text.Contains(' '))
                    {
                        Problem(h3, $"'### {text}' should be '### -ParameterName' or '### CommonParameters'.");
                        continue;
                    }

                    parameter = new ParameterHelp { Name = text.Substring(1), Line = h3.Line + 1 };
                    if (help.Parameters.Any(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)))
                    {
                        Problem(h3, $"parameter -{parameter.Name} is described twice.");
                    }

                    help.Parameters.Add(parameter);
                    continue;
                }

                if (parameter == null)
                {
                    if (!common)
                    {
                        Problem(block, "## PARAMETERS must hold '### -Name' sections.");
                    }

                    continue;
                }

                if (block is FencedCodeBlock code && string.Equals(code.Info, "yaml", StringComparison.OrdinalIgnoreCase))
                {
                    parameter.Metadata.Add(ReadYaml(parameter.Name, code));
                    continue;
                }

                if (parameter.Metadata.Count > 0)
                {
                    Problem(block, $"parameter -{parameter.Name}: text after its ```yaml block; the description goes before it.");
                    continue;
                }

                pending.Add(block);
            }

            Finish();
            if (!common)
            {
                Problem(null, "## PARAMETERS has no '### CommonParameters' section.");
            }
        }

        private ParameterMetadata ReadYaml(string parameter, FencedCodeBlock code)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string line in MarkdownText.Code(code).Split('\n'))
            {
                if (line.Trim().Length == 0)
                {
                    continue;
                }

                int colon = line.IndexOf(':');
                if (colon <= 0)
                {
                    Problem(code, $"parameter -{parameter}: yaml line '{line}' is not 'Key: value'.");
                    continue;
                }

                values[line.Substring(0, colon).Trim()] = line.Substring(colon + 1).Trim();
            }

            foreach (string key in RequiredYamlKeys.Where(k => !values.ContainsKey(k)))
            {
                Problem(code, $"parameter -{parameter}: yaml has no '{key}:'.");
            }

            var meta = new ParameterMetadata();
            meta.Type = values.TryGetValue("Type", out string? type) ? type : string.Empty;
            if (meta.Type.Length == 0)
            {
                Problem(code, $"parameter -{parameter}: 'Type:' is empty.");
            }

            if (values.TryGetValue("Parameter Sets", out string? sets) && sets != "(All)")
            {
                meta.ParameterSets.AddRange(Split(sets));
            }

            if (values.TryGetValue("Aliases", out string? aliases) && aliases.Length > 0 && aliases != "None")
            {
                meta.Aliases.AddRange(Split(aliases));
            }

            if (values.TryGetValue("Accepted values", out string? accepted) && accepted.Length > 0)
            {
                meta.AcceptedValues.AddRange(Split(accepted));
            }

            meta.Required = Bool(code, parameter, values, "Required");
            meta.Globbing = Bool(code, parameter, values, "Accept wildcard characters");
            if (values.TryGetValue("Position", out string? position))
            {
                if (string.Equals(position, "Named", StringComparison.OrdinalIgnoreCase))
                {
                    meta.Position = "named";
                }
                else if (int.TryParse(position, out int index) && index >= 0)
                {
                    meta.Position = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                else
                {
                    Problem(code, $"parameter -{parameter}: 'Position: {position}' is neither a number nor Named.");
                }
            }

            if (values.TryGetValue("Default value", out string? defaultValue))
            {
                meta.DefaultValue = defaultValue.Length == 0 ? "None" : defaultValue;
            }

            if (values.TryGetValue("Accept pipeline input", out string? pipeline))
            {
                if (!Pipeline.IsMatch(pipeline))
                {
                    Problem(code, $"parameter -{parameter}: 'Accept pipeline input: {pipeline}' should be False, True (ByValue), True (ByPropertyName) or True (ByPropertyName, ByValue).");
                }

                meta.PipelineInput = pipeline;
            }

            return meta;
        }

        private bool Bool(Block at, string parameter, Dictionary<string, string> values, string key)
        {
            if (!values.TryGetValue(key, out string? text))
            {
                return false;
            }

            if (bool.TryParse(text, out bool value))
            {
                return value;
            }

            Problem(at, $"parameter -{parameter}: '{key}: {text}' is neither True nor False.");
            return false;
        }

        private static IEnumerable<string> Split(string list)
            => list.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0);

        private void ReadTypes(List<TypeHelp> types, List<Block> blocks, string section)
        {
            TypeHelp? type = null;
            var pending = new List<Block>();
            foreach (Block block in blocks)
            {
                if (block is HeadingBlock { Level: 3 } h3)
                {
                    if (type != null)
                    {
                        type.Description.AddRange(MarkdownText.Paragraphs(pending));
                    }

                    pending.Clear();
                    type = new TypeHelp { Name = MarkdownText.Inline(h3.Inline).Trim() };
                    types.Add(type);
                    continue;
                }

                if (type == null)
                {
                    Problem(block, $"## {section} must hold '### TypeName' headings (or '### None').");
                    continue;
                }

                pending.Add(block);
            }

            if (type != null)
            {
                type.Description.AddRange(MarkdownText.Paragraphs(pending));
            }

            if (types.Count == 0)
            {
                Problem(null, $"## {section} names no type (write '### None' when there is none).");
            }
        }

        private void ReadLinks(CommandHelp help, List<Block> blocks)
        {
            foreach (Block block in blocks)
            {
                var leaves = new List<LeafBlock>();
                if (block is LeafBlock leaf)
                {
                    leaves.Add(leaf);
                }
                else if (block is ContainerBlock container)
                {
                    leaves.AddRange(container.Descendants<LeafBlock>());
                }

                IEnumerable<Markdig.Syntax.Inlines.LinkInline> links = leaves
                    .Where(l => l.Inline != null)
                    .SelectMany(l => l.Inline!.FindDescendants<Markdig.Syntax.Inlines.LinkInline>());
                bool any = false;
                foreach (Markdig.Syntax.Inlines.LinkInline link in links)
                {
                    any = true;
                    string text = MarkdownText.Label(link);
                    string url = link.Url ?? string.Empty;

                    // Links to sibling pages name the command (Get-Help resolves it); only absolute links keep a URI.
                    help.RelatedLinks.Add(new LinkHelp
                    {
                        Text = text,
                        Uri = url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? url : string.Empty,
                    });
                }

                if (!any)
                {
                    Problem(block, "## RELATED LINKS holds only [text](link) items.");
                }
            }
        }

        private void CheckSyntaxAgainstParameters(CommandHelp help)
        {
            var named = help.Syntax.Where(s => s.SetName != SyntaxHelp.AllParameterSets).Select(s => s.SetName).ToList();
            foreach (ParameterHelp parameter in help.Parameters)
            {
                foreach (ParameterMetadata meta in parameter.Metadata)
                {
                    foreach (string set in meta.ParameterSets.Where(s => !named.Contains(s)))
                    {
                        Problem(null, $"line {parameter.Line}: parameter -{parameter.Name} names parameter set '{set}', which ## SYNTAX does not have.");
                    }
                }
            }

            foreach (SyntaxHelp set in help.Syntax)
            {
                foreach (string name in set.ParameterOrder)
                {
                    ParameterHelp? parameter = help.Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
                    if (parameter == null)
                    {
                        Problem(null, $"the syntax of '{set.SetName}' lists -{name}, which ## PARAMETERS does not describe.");
                    }
                    else if (parameter.Metadata.Count > 0 && parameter.For(set.SetName) == null)
                    {
                        Problem(null, $"the syntax of '{set.SetName}' lists -{name}, but its yaml does not name that parameter set.");
                    }
                }

                foreach (ParameterHelp parameter in help.Parameters.Where(p => p.Metadata.Count > 0 && p.For(set.SetName) != null))
                {
                    if (!set.ParameterOrder.Contains(parameter.Name, StringComparer.OrdinalIgnoreCase))
                    {
                        Problem(null, $"parameter -{parameter.Name} belongs to set '{set.SetName}' but its syntax block does not list it.");
                    }
                }
            }
        }

        private void CheckPlaceholders()
        {
            int index = _text.IndexOf("{{", StringComparison.Ordinal);
            if (index >= 0)
            {
                int line = _text.Take(index).Count(c => c == '\n') + 1;
                _problems.Add($"line {line}: an unfilled PlatyPS placeholder '{{{{ ... }}}}' is left in the page.");
            }
        }
    }
}
