using System.Management.Automation;

namespace AtlanTokens.Cmdlets
{
    /// <summary>
    /// Arguments for the command lines that errors and warnings suggest: quoted by the completers' rules
    /// (every character PowerShell reads as a single quote doubled), or, for a value with a control character,
    /// double-quoted with escapes on one line (<see cref="Client.CommandLineText.Argument"/>), so that a copy-pasted line
    /// runs exactly what it says whatever the tenant or the user named things.
    /// </summary>
    internal static class CommandLine
    {
        /// <summary>A literal argument (a parameter that does not read wildcards, or a pattern the user typed).</summary>
        public static string Literal(string value) => Client.CommandLineText.Argument(value);

        /// <summary>A GUID as the server gave it: bare when it is one (36 characters, hex and dashes), otherwise quoted.</summary>
        public static string Guid(string? value) => Client.CommandLineText.Guid(value);

        /// <summary>An argument for a -Name that reads wildcard patterns, matching exactly this name.</summary>
        public static string ExactName(string name) => Client.CommandLineText.Argument(WildcardPattern.Escape(name));

        /// <summary>
        /// Whether a value reads as itself in a suggested command line: one with a control character (CR, LF, ...) is
        /// written with escapes (<see cref="Literal"/>), correct but unreadable as a name, so a message may prefer the GUID.
        /// </summary>
        public static bool FitsOneLine(string value) => !Client.CommandLineText.HasControlCharacter(value);
    }
}
