using System.Collections.Generic;
using System.Linq;
using System.Text;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace AtlanTokens.HelpBuilder
{
    /// <summary>Turns markdown blocks into the plain paragraphs that MAML and about_*.help.txt hold.</summary>
    internal static class MarkdownText
    {
        /// <summary>Plain text of inlines: code spans keep their backticks (as PlatyPS does), links become "text (url)".</summary>
        public static string Inline(ContainerInline? container)
        {
            var text = new StringBuilder();
            Append(text, container);
            return Collapse(text.ToString());
        }

        private static void Append(StringBuilder text, Inline? inline)
        {
            switch (inline)
            {
                case null:
                    return;
                case LiteralInline literal:
                    text.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    text.Append('`').Append(code.Content).Append('`');
                    break;
                case LineBreakInline:
                    text.Append(' ');
                    break;
                case AutolinkInline auto:
                    text.Append(auto.Url);
                    break;
                case HtmlInline html:
                    text.Append(html.Tag);
                    break;
                case HtmlEntityInline entity:
                    text.Append(entity.Transcoded.ToString());
                    break;
                case LinkInline link:
                    var label = new StringBuilder();
                    foreach (Inline child in link)
                    {
                        Append(label, child);
                    }

                    text.Append(label);
                    string url = link.Url ?? string.Empty;
                    if (url.Length > 0 && url != label.ToString() && !url.EndsWith(".md", System.StringComparison.OrdinalIgnoreCase))
                    {
                        text.Append(" (").Append(url).Append(')');
                    }

                    break;
                case ContainerInline container:
                    foreach (Inline child in container)
                    {
                        Append(text, child);
                    }

                    break;
                default:
                    text.Append(inline.ToString());
                    break;
            }
        }

        /// <summary>The text of a link, without its target.</summary>
        public static string Label(LinkInline link)
        {
            var text = new StringBuilder();
            foreach (Inline child in link)
            {
                Append(text, child);
            }

            return Collapse(text.ToString());
        }

        /// <summary>Paragraphs of a run of blocks: one per paragraph, one per list item ("- " or "1. "), code kept verbatim.</summary>
        public static List<string> Paragraphs(IEnumerable<Block> blocks)
        {
            var result = new List<string>();
            foreach (Block block in blocks)
            {
                AddParagraphs(result, block, string.Empty);
            }

            return result;
        }

        private static void AddParagraphs(List<string> result, Block block, string prefix)
        {
            switch (block)
            {
                case ParagraphBlock paragraph:
                    result.Add(prefix + Inline(paragraph.Inline));
                    break;
                case HeadingBlock heading:
                    result.Add(prefix + Inline(heading.Inline));
                    break;
                case CodeBlock code:
                    result.Add(Code(code));
                    break;
                case ListBlock list:
                    int number = int.TryParse(list.OrderedStart, out int start) ? start : 1;
                    foreach (ListItemBlock item in list.OfType<ListItemBlock>())
                    {
                        string marker = list.IsOrdered ? $"{number++}. " : "- ";
                        bool first = true;
                        foreach (Block child in item)
                        {
                            AddParagraphs(result, child, first ? prefix + marker : prefix + new string(' ', marker.Length));
                            first = false;
                        }
                    }

                    break;
                case QuoteBlock quote:
                    foreach (Block child in quote)
                    {
                        AddParagraphs(result, child, prefix);
                    }

                    break;
                case ThematicBreakBlock:
                case LinkReferenceDefinitionGroup:
                    break;
                case ContainerBlock container:
                    foreach (Block child in container)
                    {
                        AddParagraphs(result, child, prefix);
                    }

                    break;
            }
        }

        public static string Code(CodeBlock code)
        {
            var lines = new List<string>();
            foreach (var line in code.Lines.Lines.Take(code.Lines.Count))
            {
                lines.Add(line.Slice.ToString().TrimEnd());
            }

            return string.Join("\n", lines).TrimEnd('\n');
        }

        private static string Collapse(string text)
        {
            var result = new StringBuilder(text.Length);
            bool space = false;
            foreach (char c in text)
            {
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
                {
                    space = true;
                    continue;
                }

                if (space && result.Length > 0)
                {
                    result.Append(' ');
                }

                space = false;
                result.Append(c);
            }

            return result.ToString();
        }
    }
}
