using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using AtlanTokens.Client;
using AtlanTokens.Cmdlets;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>
    /// Arguments of the command lines that errors and warnings suggest: one line on the console whatever the value holds,
    /// and the line passes exactly the value (checked by PowerShell's own parser and evaluation).
    /// </summary>
    public class CommandLineTextTests
    {
        public static IEnumerable<object[]> Hostile() => new[]
        {
            "prod-ci\r\nWARNING: all tokens were removed",
            "tab\there",
            "nul\0end",
            "esc\u001b[31mred",
            "bell\a back\b form\f vt\v",
            "c1 \u0085 next line \u009b csi",
            "one\u0001two\u007f",
            "quotes ' \u2018 \u2019 \u201a \u201b \" \u201c \u201d \u201e\nend",
            "code $(Remove-Item x) `$env:HOME` ${x}\r",
            "\n",
        }.Select(v => new object[] { v });

        [Theory]
        [MemberData(nameof(Hostile))]
        public void A_value_with_a_control_character_is_one_double_quoted_line_that_evaluates_to_the_value(string value)
        {
            string argument = CommandLineText.Argument(value);

            Assert.DoesNotContain(argument, char.IsControl);
            Assert.StartsWith("\"", argument);
            Assert.Equal(value, Evaluate(argument));
        }

        [Theory]
        [MemberData(nameof(Hostile))]
        public void A_suggested_exact_name_evaluates_to_the_escaped_pattern_that_matches_only_that_name(string value)
        {
            string argument = CommandLine.ExactName(value);

            Assert.DoesNotContain(argument, char.IsControl);
            string pattern = Evaluate(argument);
            Assert.Equal(WildcardPattern.Escape(value), pattern);
            Assert.True(new WildcardPattern(pattern).IsMatch(value));
        }

        [Theory]
        [InlineData("svc-etl")]
        [InlineData("it's")]
        [InlineData("a b [c] * ?")]
        [InlineData("\u2019quoted\u2018")]
        [InlineData("--%")]
        public void A_value_without_control_characters_keeps_the_completers_single_quoted_form(string value)
        {
            Assert.Equal(CommandLineText.Quote(value), CommandLineText.Argument(value));
            Assert.Equal(CompletionSupport.Quote(value), CommandLine.Literal(value));
            Assert.Equal(value, Evaluate(CommandLine.Literal(value)));
        }

        [Fact]
        public void A_server_chosen_id_that_is_no_guid_with_a_line_break_stays_on_one_line()
        {
            string argument = CommandLine.Guid("x\r\nWhat if: harmless");

            Assert.DoesNotContain(argument, char.IsControl);
            Assert.Equal("x\r\nWhat if: harmless", Evaluate(argument));
        }

        private static string Evaluate(string argument)
        {
            // One argument of a command: the parser sees a single command element after the command name.
            string line = "Write-Output " + argument;
            ScriptBlockAst ast = Parser.ParseInput(line, out Token[] _, out ParseError[] errors);
            Assert.Empty(errors);
            var command = Assert.IsType<CommandAst>(Assert.Single(ast.EndBlock.Statements.OfType<PipelineAst>().Single().PipelineElements));
            Assert.Equal(2, command.CommandElements.Count);

            using var shell = PowerShell.Create();
            var output = shell.AddScript(line).Invoke();
            Assert.False(shell.HadErrors);
            return Assert.IsType<string>(Assert.Single(output).BaseObject);
        }
    }
}
