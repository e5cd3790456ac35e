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
        public static string Guid(string? value) => System.Guid.TryParseExact(value, "D", out _) ? value! : Argument(value ?? string.Empty);

        /// <summary>
        /// An argument for a command line that a message suggests: <see cref="Quote"/>, unless the value holds a control
        /// character (CR, LF, tab, ...), which would stay literal inside single quotes and break the suggested line on the
        /// console (its second half reading as a line of its own, e.g. a forged "WARNING:"). Such a value is written
        /// double-quoted on one line instead, every control character as an escape (`r, `n, `t, ... or
        /// $([char]0xNN), which Windows PowerShell 5.1 reads too) and `, $ and the double quotes (" and U+201C to
        /// U+201E) escaped with a backtick, so the line still passes exactly the value.
        /// </summary>
        public static string Argument(string value)
        {
            if (!HasControlCharacter(value))
            {
                return Quote(value);
            }

            var quoted = new StringBuilder(value.Length + 16).Append('"');
            foreach (char c in value)
            {
                switch (c)
                {
                    case '\0': quoted.Append("`0"); break;
                    case '\a': quoted.Append("`a"); break;
                    case '\b': quoted.Append("`b"); break;
                    case '\f': quoted.Append("`f"); break;
                    case '\n': quoted.Append("`n"); break;
                    case '\r': quoted.Append("`r"); break;
                    case '\t': quoted.Append("`t"); break;
                    case '\v': quoted.Append("`v"); break;
                    case '`':
                    case '$':
                    case '"':
                    case '\u201C':
                    case '\u201D':
                    case '\u201E':
                        quoted.Append('`').Append(c);
                        break;
                    default:
                        if (char.IsControl(c))
                        {
                            quoted.Append("$([char]0x").Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture)).Append(')');
                        }
                        else
                        {
                            quoted.Append(c);
                        }

                        break;
                }
            }

            return quoted.Append('"').ToString();
        }

        /// <summary>Whether <paramref name="value"/> holds a control character (CR, LF, tab, NUL, ...).</summary>
        public static bool HasControlCharacter(string value)
        {
            foreach (char c in value)
            {
                if (char.IsControl(c))
                {
                    return true;
                }
            }

            return false;
        }

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
