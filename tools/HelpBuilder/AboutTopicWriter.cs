using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;

namespace AtlanTokens.HelpBuilder
{
    /// <summary>
    /// Turns an about_*.md page into the plain text Get-Help shows: TOPIC / SHORT DESCRIPTION / LONG DESCRIPTION
    /// headings in capitals, text wrapped at 80 columns and indented, code kept verbatim.
    /// </summary>
    internal sealed class AboutTopicWriter
    {
        private const int Width = 80;
        private const string Indent = "    ";

        private bool _afterHeading;

        /// <summary>Checks the page and returns the text; throws <see cref="HelpFormatException"/> when it is malformed.</summary>
        public static string Convert(string source)
        {
            string text = File.ReadAllText(source).Replace("\r\n", "\n");
            string topic = Path.GetFileNameWithoutExtension(source);
            MarkdownDocument document = Markdig.Markdown.Parse(text, CommandPageParser.Markdown);
            var problems = new List<string>();
            List<Block> blocks = document.Where(b => !(b is YamlFrontMatterBlock)).ToList();

            if (blocks.Count == 0 || !(blocks[0] is HeadingBlock { Level: 1 } title) || MarkdownText.Inline(title.Inline).Trim() != topic)
            {
                problems.Add($"the page must start with '# {topic}'.");
            }

            var headings = blocks.OfType<HeadingBlock>().Where(h => h.Level == 2).Select(h => MarkdownText.Inline(h.Inline).Trim().ToUpperInvariant()).ToList();
            foreach (string needed in new[] { "SHORT DESCRIPTION", "LONG DESCRIPTION" })
            {
                if (!headings.Contains(needed))
                {
                    problems.Add($"missing '## {needed[0]}{needed.Substring(1).ToLowerInvariant()}' section.");
                }
            }

            if (problems.Count > 0)
            {
                throw new HelpFormatException(source, problems);
            }

            var output = new StringBuilder();
            var writer = new AboutTopicWriter();
            output.Append("TOPIC\n").Append(Indent).Append(topic).Append('\n');
            foreach (Block block in blocks.Skip(1))
            {
                writer.WriteBlock(output, block, Indent);
            }

            return output.ToString().TrimEnd('\n') + "\n";
        }

        private void WriteBlock(StringBuilder output, Block block, string indent)
        {
            switch (block)
            {
                case HeadingBlock heading:
                    // Sub-topics stand out the way they do in PowerShell's own about_ files: capitals, no indent.
                    output.Append('\n').Append(MarkdownText.Inline(heading.Inline).ToUpperInvariant()).Append('\n');
                    _afterHeading = true;
                    return;
                case CodeBlock code:
                    if (!_afterHeading)
                    {
                        output.Append('\n');
                    }

                    _afterHeading = false;
                    foreach (string line in MarkdownText.Code(code).Split('\n'))
                    {
                        output.Append(line.Length == 0 ? string.Empty : indent + Indent + line).Append('\n');
                    }

                    break;
                case ListBlock list:
                    int number = int.TryParse(list.OrderedStart, out int start) ? start : 1;
                    bool firstItem = true;
                    foreach (ListItemBlock item in list.OfType<ListItemBlock>())
                    {
                        string marker = list.IsOrdered ? $"{number++}. " : "- ";
                        string hanging = indent + new string(' ', marker.Length);
                        bool first = true;
                        foreach (Block child in item)
                        {
                            if (child is ParagraphBlock paragraph)
                            {
                                if (first && firstItem && !_afterHeading)
                                {
                                    output.Append('\n');
                                }

                                Wrap(output, MarkdownText.Inline(paragraph.Inline), first ? indent + marker : hanging, hanging, !first);
                            }
                            else
                            {
                                WriteBlock(output, child, hanging);
                            }

                            first = false;
                            _afterHeading = false;
                        }

                        firstItem = false;
                    }

                    break;
                case ParagraphBlock paragraph:
                    Wrap(output, MarkdownText.Inline(paragraph.Inline), indent, indent, true);
                    break;
                case QuoteBlock quote:
                    foreach (Block child in quote)
                    {
                        WriteBlock(output, child, indent + Indent);
                    }

                    break;
                case ContainerBlock container:
                    foreach (Block child in container)
                    {
                        WriteBlock(output, child, indent);
                    }

                    break;
            }
        }

        private void Wrap(StringBuilder output, string text, string firstIndent, string nextIndent, bool blankBefore)
        {
            if (blankBefore && !_afterHeading)
            {
                output.Append('\n');
            }

            _afterHeading = false;
            var line = new StringBuilder(firstIndent);
            bool empty = true;
            foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!empty && line.Length + 1 + word.Length > Width)
                {
                    output.Append(line.ToString().TrimEnd()).Append('\n');
                    line.Clear().Append(nextIndent);
                    empty = true;
                }

                if (!empty)
                {
                    line.Append(' ');
                }

                line.Append(word);
                empty = false;
            }

            output.Append(line.ToString().TrimEnd()).Append('\n');
        }
    }
}
