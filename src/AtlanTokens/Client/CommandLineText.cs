using System.Text;

namespace AtlanTokens.Client
{
    /// <summary>
    /// PowerShell's quoting rules as plain string code, so a suggested command line can be built below the cmdlets
    /// (an operation's warning) by the same rules as the cmdlets' own (<c>Cmdlets/CommandLine</c>, the completers).
    /// </summary>
    internal static class CommandLineText
    {
        /// <summary>
        /// Quotes a value by PowerShell's rules: bare only when every character is in a conservative safe set
        /// ([A-Za-z0-9_.-], starting with a letter or '_', so it cannot read as a number, a parameter or an operator),
        /// otherwise single-quoted with every character PowerShell treats as a single quote (' and U+2018 to U+201B) doubled.
        /// Control characters (CR, LF, tab, NUL) are literal inside single quotes.
        /// </summary>
        public static string Quote(string value)
        {
            if (IsSafeBare(value))
            {
                return value;
            }

            var quoted = new StringBuilder(value.Length + 8).Append('\'');
            foreach (char c in value)
            {
                quoted.Append(c);
                if (IsSingleQuote(c))
                {
                    quoted.Append(c);
                }
            }

            quoted.Append('\'');

            // Any string argument whose value is --% switches the parser to verbatim mode for the rest of the line,
            // so that one value goes in parentheses: still one constant string, and the line after it parses normally.
            return value == "--%" ? "(" + quoted + ")" : quoted.ToString();
        }

        /// <summary>A GUID as the server gave it: bare when it is one (36 characters, hex and dashes), otherwise quoted.</summary>
        public static string Guid(string? value) => System.Guid.TryParseExact(value, "D", out _) ? value! : Quote(value ?? string.Empty);

        public static bool IsSingleQuote(char c) => c == '\'' || (c >= '\u2018' && c <= '\u201B');

        private static bool IsSafeBare(string value)
        {
            if (value.Length == 0 || !(IsAsciiLetter(value[0]) || value[0] == '_'))
            {
                return false;
            }

            foreach (char c in value)
            {
                if (!(IsAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
