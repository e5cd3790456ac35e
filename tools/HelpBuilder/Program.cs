using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AtlanTokens.HelpBuilder
{
    /// <summary>
    /// dotnet run --project tools/HelpBuilder -c Release -- --docs docs/en-US --out &lt;moduleDir&gt;/en-US [--help-file AtlanTokens.dll-Help.xml]
    /// Every &lt;Verb-Noun&gt;.md becomes a command in the MAML file; every about_*.md becomes about_*.help.txt.
    /// Exits 1 (naming file, line and problem) when any page does not follow the PlatyPS v1 schema, 2 on bad usage.
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            string? docs = null;
            string? output = null;
            string helpFile = "AtlanTokens.dll-Help.xml";
            for (int i = 0; i < args.Length; i++)
            {
                string? value = i + 1 < args.Length ? args[i + 1] : null;
                switch (args[i])
                {
                    case "--docs" when value != null:
                        docs = value;
                        i++;
                        break;
                    case "--out" when value != null:
                        output = value;
                        i++;
                        break;
                    case "--help-file" when value != null:
                        helpFile = value;
                        i++;
                        break;
                    default:
                        return Usage($"unknown or incomplete argument '{args[i]}'.");
                }
            }

            if (docs == null || output == null)
            {
                return Usage("--docs and --out are required.");
            }

            if (!Directory.Exists(docs))
            {
                return Usage($"the docs folder '{docs}' does not exist.");
            }

            string[] pages = Directory.GetFiles(docs, "*.md").OrderBy(f => f, StringComparer.Ordinal).ToArray();
            string[] aboutPages = pages.Where(p => Path.GetFileName(p).StartsWith("about_", StringComparison.OrdinalIgnoreCase)).ToArray();
            string[] commandPages = pages.Except(aboutPages).Where(p => !Path.GetFileName(p).Equals("README.md", StringComparison.OrdinalIgnoreCase)).ToArray();
            if (commandPages.Length == 0)
            {
                return Fail($"no cmdlet pages (<Verb-Noun>.md) in '{docs}'.");
            }

            var commands = new List<CommandHelp>();
            var failures = new List<string>();
            foreach (string page in commandPages)
            {
                try
                {
                    commands.Add(CommandPageParser.Parse(page));
                }
                catch (HelpFormatException e)
                {
                    failures.Add(e.Message);
                }
            }

            var aboutTexts = new List<(string Name, string Text)>();
            foreach (string page in aboutPages)
            {
                try
                {
                    aboutTexts.Add((Path.GetFileNameWithoutExtension(page) + ".help.txt", AboutTopicWriter.Convert(page)));
                }
                catch (HelpFormatException e)
                {
                    failures.Add(e.Message);
                }
            }

            var duplicates = commands.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            if (duplicates.Count > 0)
            {
                failures.Add("commands described by more than one page: " + string.Join(", ", duplicates));
            }

            if (failures.Count > 0)
            {
                return Fail("malformed help page(s); nothing was written." + Environment.NewLine + string.Join(Environment.NewLine, failures));
            }

            Directory.CreateDirectory(output);
            foreach ((string name, string text) in aboutTexts)
            {
                File.WriteAllText(Path.Combine(output, name), text, new System.Text.UTF8Encoding(false));
            }

            string maml = Path.Combine(output, helpFile);
            MamlWriter.Write(maml, commands);
            MamlWriter.Validate(maml);
            Console.WriteLine($"HelpBuilder: {commands.Count} command(s) -> {maml}; {aboutPages.Length} about topic(s).");
            return 0;
        }

        private static int Usage(string problem)
        {
            Console.Error.WriteLine($"HelpBuilder: {problem}");
            Console.Error.WriteLine("usage: HelpBuilder --docs <docs/en-US> --out <module>/en-US [--help-file AtlanTokens.dll-Help.xml]");
            return 2;
        }

        private static int Fail(string message)
        {
            Console.Error.WriteLine($"HelpBuilder: error: {message}");
            return 1;
        }
    }
}
