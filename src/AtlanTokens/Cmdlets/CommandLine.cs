using System.Linq;
using System.Management.Automation;

namespace AtlanTokens.Cmdlets
{
    /// <summary>
    /// Arguments for the command lines that errors and warnings suggest: quoted by the completers' rules
    /// (every character PowerShell reads as a single quote doubled), so that a copy-pasted line runs exactly what it says
    /// whatever the tenant named things.
    /// </summary>
    internal static class CommandLine
    {
        /// <summary>A literal argument (a parameter that does not read wildcards, or a pattern the user typed).</summary>
        public static string Literal(string value) => CompletionSupport.Quote(value);

        /// <summary>A GUID as the server gave it: bare when it is one (36 characters, hex and dashes), otherwise quoted.</summary>
        public static string Guid(string? value) => Client.CommandLineText.Guid(value);

        /// <summary>An argument for a -Name that reads wildcard patterns, matching exactly this name.</summary>
        public static string ExactName(string name) => CompletionSupport.Quote(WildcardPattern.Escape(name));

        /// <summary>
        /// Whether a value can stand in a suggested command line inside a message: quoted, a control character (CR, LF,
        /// ...) would stay literal and break the line on the console, its second half reading as a line of its own.
        /// A message then suggests the command by GUID instead.
        /// </summary>
        public static bool FitsOneLine(string value) => !value.Any(char.IsControl);
    }
}
