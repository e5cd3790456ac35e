using System.Management.Automation;
using AtlanTokens.Cmdlets;
using Xunit;
using Facts = AtlanTokens.Cmdlets.UncapturedOutput.InvocationFacts;

namespace AtlanTokens.Tests
{
    /// <summary>
    /// Issue 18: the one-line warning when a new token's secret goes straight to an interactive console. The facts below
    /// are those pwsh 7.6.9's console host gave a command typed at its prompt (recorded through a pseudo-terminal):
    /// CommandOrigin Runspace at the top level, Internal inside a script block; expressions feeding a pipeline do not
    /// count in PipelineLength.
    /// </summary>
    public class UncapturedOutputTests
    {
        private static Facts AtPrompt(string line, int pipelineLength = 1, int pipelinePosition = 1, string command = "New-AtlanApiToken")
            => new Facts
            {
                HostName = "ConsoleHost",
                Origin = CommandOrigin.Runspace,
                ScriptName = string.Empty,
                Line = line,
                LineNumber = 1,
                OffsetInLine = line.IndexOf(command) + 1,
                InvocationName = command,
                PipelineLength = pipelineLength,
                PipelinePosition = pipelinePosition,
            };

        [Theory]
        [InlineData("New-AtlanApiToken -DisplayName x", 1, 1)]
        [InlineData("New-AtlanApiToken x | Format-List", 2, 1)]
        [InlineData("New-AtlanApiToken x | ft", 2, 1)]
        [InlineData("'a', 'b' | New-AtlanApiToken", 1, 1)]
        [InlineData("Get-Date; New-AtlanApiToken x", 1, 1)]
        public void A_statement_of_its_own_at_the_prompt_is_uncaptured(string line, int length, int position)
        {
            Assert.True(UncapturedOutput.IsUncaptured(AtPrompt(line, length, position)));
        }

        [Theory]
        [InlineData("$t = New-AtlanApiToken x", 1, 1)]
        [InlineData("$null = New-AtlanApiToken x", 1, 1)]
        [InlineData("(New-AtlanApiToken x).Guid", 1, 1)]
        [InlineData("[void](New-AtlanApiToken x)", 1, 1)]
        [InlineData("New-AtlanApiToken x | Out-Null", 2, 1)]
        [InlineData("New-AtlanApiToken x | Tee-Object -Variable t", 2, 1)]
        [InlineData("New-AtlanApiToken x | Export-Clixml t.xml", 2, 1)]
        [InlineData("New-AtlanApiToken x > token.txt", 1, 1)]
        [InlineData("if ($true) { New-AtlanApiToken x }", 1, 1)]
        [InlineData("$t = `", 1, 1)]
        [InlineData("New-AtlanApiToken x |", 2, 1)]
        public void Anything_that_keeps_or_redirects_the_output_is_not(string line, int length, int position)
        {
            Facts facts = AtPrompt(line, length, position);
            if (facts.OffsetInLine == 0)
            {
                facts.OffsetInLine = 1;
            }

            Assert.False(UncapturedOutput.IsUncaptured(facts));
        }

        [Fact]
        public void A_pipe_at_the_start_of_the_next_line_shows_in_the_pipeline_length()
        {
            // "New-AtlanApiToken x" then "| Out-Null" on the next line: the first line parses alone, the length tells.
            Assert.False(UncapturedOutput.IsUncaptured(AtPrompt("New-AtlanApiToken x", pipelineLength: 2)));
        }

        [Fact]
        public void OutVariable_or_PipelineVariable_keeps_the_output()
        {
            Facts facts = AtPrompt("New-AtlanApiToken x -OutVariable t");
            facts.CapturedByParameter = true;
            Assert.False(UncapturedOutput.IsUncaptured(facts));
        }

        [Fact]
        public void A_runbook_a_script_a_script_block_a_later_line_or_redirected_output_never_warns()
        {
            Facts runbook = AtPrompt("New-AtlanApiToken x");
            runbook.HostName = "Default Host";
            Facts script = AtPrompt("New-AtlanApiToken x");
            script.ScriptName = "/home/me/make.ps1";
            Facts loop = AtPrompt("1..2 | ForEach-Object { New-AtlanApiToken x }");
            loop.Origin = CommandOrigin.Internal;
            Facts laterLine = AtPrompt("New-AtlanApiToken x");
            laterLine.LineNumber = 2;
            Facts redirected = AtPrompt("New-AtlanApiToken x");
            redirected.OutputRedirected = true;
            Facts alias = AtPrompt("New-AtlanApiToken x");
            alias.InvocationName = "nat";

            foreach (Facts facts in new[] { runbook, script, loop, laterLine, redirected, alias })
            {
                Assert.False(UncapturedOutput.IsUncaptured(facts));
            }
        }

        [Fact]
        public void The_warning_is_one_line_naming_the_token_and_how_to_get_a_new_secret()
        {
            var token = new AtlanTokens.Model.ApiToken { Guid = "6e9b3a4c-1111-4222-8333-444455556666", DisplayName = "ci-deploy" };
            string warning = SecretOutput.UncapturedWarning(new[] { token });
            Assert.DoesNotContain("\n", warning);
            Assert.Contains("'ci-deploy'", warning);
            Assert.Contains("Invoke-AtlanApiTokenRotation -Guid 6e9b3a4c-1111-4222-8333-444455556666", warning);
        }
    }
}
