using System;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace AtlanTokens.Cmdlets
{
    /// <summary>
    /// Decides, from what PowerShell tells a command about its invocation, whether its output goes straight to an
    /// interactive console without being kept anywhere: a command typed at the prompt as a statement of its own, e.g.
    /// <c>New-AtlanApiToken -DisplayName x</c>, not <c>$t = New-AtlanApiToken ...</c>. PowerShell offers no API that says
    /// where output goes, so this answers true only when every fact agrees and false whenever one is unknown: it never
    /// warns a script, a runbook, redirected output or a capture, and it misses output that reaches the console in
    /// other ways (a loop, a script, a multi-line statement), which the format view covers.
    /// </summary>
    internal static class UncapturedOutput
    {
        /// <summary>Hosts that are a person at a console (pwsh, powershell.exe, the VS Code terminal).</summary>
        private static readonly string[] InteractiveHosts = { "ConsoleHost", "Visual Studio Code Host" };

        /// <summary>Commands that only display what they get, so output piped into them is still not kept.</summary>
        private static readonly string[] DisplayOnly = { "Format-Table", "ft", "Format-List", "fl", "Out-Host", "oh", "Out-Default" };

        public static bool IsUncaptured(InvocationFacts facts)
        {
            if (!InteractiveHosts.Contains(facts.HostName, StringComparer.Ordinal) || facts.OutputRedirected
                || facts.Origin != CommandOrigin.Runspace || !string.IsNullOrEmpty(facts.ScriptName)
                || facts.LineNumber != 1 || facts.CapturedByParameter || string.IsNullOrEmpty(facts.Line))
            {
                return false; // not typed at an interactive prompt, or kept by -OutVariable / -PipelineVariable
            }

            ScriptBlockAst script = Parser.ParseInput(facts.Line, out _, out ParseError[] errors);
            if (errors.Length > 0)
            {
                return false; // a line that does not stand alone (a statement continued on the next line)
            }

            CommandAst? command = script.FindAll(a => a is CommandAst c && c.Extent.StartLineNumber == 1 && c.Extent.StartColumnNumber == facts.OffsetInLine, true)
                .OfType<CommandAst>().FirstOrDefault();
            if (command == null || !string.Equals(command.GetCommandName(), facts.InvocationName, StringComparison.OrdinalIgnoreCase)
                || command.Redirections.Count > 0 || !(command.Parent is PipelineAst pipeline)
                || !(pipeline.Parent is NamedBlockAst block) || block.Parent != script)
            {
                return false; // assigned, in parentheses, a loop or a script block, or redirected
            }

            // PowerShell counts only commands in a pipeline: an expression that feeds it ('a', 'b' | ...) is not one.
            var commands = pipeline.PipelineElements.OfType<CommandAst>().ToList();
            if (commands.Count != facts.PipelineLength || commands.IndexOf(command) + 1 != facts.PipelinePosition)
            {
                return false; // the statement goes on past this line (a pipe at the start of the next)
            }

            return pipeline.PipelineElements.Skip(pipeline.PipelineElements.IndexOf(command) + 1).All(e =>
                e is CommandAst later && later.Redirections.Count == 0
                && DisplayOnly.Contains(later.GetCommandName() ?? string.Empty, StringComparer.OrdinalIgnoreCase));
        }

        /// <summary>What the decision reads, from a cmdlet's MyInvocation and host (one type, so tests can state every case).</summary>
        internal sealed class InvocationFacts
        {
            public string HostName { get; set; } = string.Empty;

            public bool OutputRedirected { get; set; }

            public CommandOrigin Origin { get; set; }

            public string? ScriptName { get; set; }

            public string? Line { get; set; }

            public int LineNumber { get; set; }

            public int OffsetInLine { get; set; }

            public string InvocationName { get; set; } = string.Empty;

            public int PipelineLength { get; set; }

            public int PipelinePosition { get; set; }

            /// <summary>-OutVariable or -PipelineVariable was given: the output is kept.</summary>
            public bool CapturedByParameter { get; set; }

            public static InvocationFacts Of(PSCmdlet cmdlet, bool outputRedirected)
            {
                InvocationInfo invocation = cmdlet.MyInvocation;
                return new InvocationFacts
                {
                    HostName = cmdlet.Host?.Name ?? string.Empty,
                    OutputRedirected = outputRedirected,
                    Origin = invocation.CommandOrigin,
                    ScriptName = invocation.ScriptName,
                    Line = invocation.Line,
                    LineNumber = invocation.ScriptLineNumber,
                    OffsetInLine = invocation.OffsetInLine,
                    InvocationName = invocation.InvocationName,
                    PipelineLength = invocation.PipelineLength,
                    PipelinePosition = invocation.PipelinePosition,
                    CapturedByParameter = invocation.BoundParameters.ContainsKey("OutVariable") || invocation.BoundParameters.ContainsKey("PipelineVariable"),
                };
            }
        }
    }
}
