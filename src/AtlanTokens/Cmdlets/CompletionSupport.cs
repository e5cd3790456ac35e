using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Security;
using System.Text;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Session;

namespace AtlanTokens.Cmdlets
{
    /// <summary>What the name completers share: which session, a bounded wait, and quoting.</summary>
    internal static class CompletionSupport
    {
        private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(2);

        public static AtlanSession? SessionOf(IDictionary? fakeBoundParameters)
        {
            AtlanSession? session = Unwrap(fakeBoundParameters?["Session"]) as AtlanSession ?? DefaultSessions.Current;
            return session != null && session.IsOpen ? session : null;
        }

        public static SecureString? ImpersonationTokenOf(IDictionary? fakeBoundParameters)
            => Unwrap(fakeBoundParameters?["ImpersonationToken"]) as SecureString;

        /// <summary>The result if it arrives within about one request's time, else null: the prompt must not hang.</summary>
        public static T? WaitBriefly<T>(Func<Task<T>> load)
            where T : class
        {
            Task<T> task = Task.Run(load);
            try
            {
                return task.Wait(MaxWait) ? task.Result : null;
            }
            catch (AggregateException)
            {
                return null;
            }
        }

        /// <summary>What the user typed so far, as a prefix pattern; a word that is not a valid pattern is taken literally.</summary>
        public static WildcardPattern PatternFor(string? wordToComplete)
        {
            string typed = (wordToComplete ?? string.Empty).Trim('\'', '"', '\u2018', '\u2019', '\u201A', '\u201B', '\u201C', '\u201D', '\u201E');
            var pattern = new WildcardPattern(typed + "*", WildcardOptions.IgnoreCase);
            try
            {
                pattern.IsMatch(string.Empty);
                return pattern;
            }
            catch (WildcardPatternException)
            {
                return new WildcardPattern(WildcardPattern.Escape(typed) + "*", WildcardOptions.IgnoreCase);
            }
        }

        /// <summary>
        /// A completion for a name from the tenant (untrusted), or null for a name that cannot be one (empty).
        /// The inserted text parses back as exactly one constant string argument equal to the name; the list text
        /// and tool tip show control characters as visible escapes so a name cannot redraw the menu.
        /// </summary>
        /// <param name="name">The name as the tenant holds it.</param>
        /// <param name="toolTip">Shown beside the list entry.</param>
        /// <param name="asPattern">The parameter reads wildcards (see <see cref="TakesWildcards"/>): the name's own
        /// wildcard characters are escaped first, so the completed argument finds exactly that name.</param>
        public static CompletionResult? Result(string? name, string? toolTip = null, bool asPattern = false)
            => string.IsNullOrEmpty(name)
                ? null
                : new CompletionResult(Quote(asPattern ? WildcardPattern.Escape(name) : name!), Visible(name!), CompletionResultType.ParameterValue, Visible(toolTip ?? name!));

        /// <summary>
        /// True when this module's <paramref name="commandName"/> reads <paramref name="parameterName"/> as a wildcard
        /// pattern ([SupportsWildcards]); read from the cmdlet classes themselves, so a cmdlet added later is covered.
        /// </summary>
        public static bool TakesWildcards(string? commandName, string? parameterName)
        {
            if (string.IsNullOrEmpty(commandName) || string.IsNullOrEmpty(parameterName))
            {
                return false;
            }

            string command = commandName!.Substring(commandName.LastIndexOf('\\') + 1);
            return WildcardParameters.Value.Contains(command + " " + parameterName);
        }

        private static readonly Lazy<HashSet<string>> WildcardParameters = new Lazy<HashSet<string>>(() =>
        {
            var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (Type type in typeof(CompletionSupport).Assembly.GetTypes())
            {
                if (!(type.GetCustomAttributes(typeof(CmdletAttribute), false).FirstOrDefault() is CmdletAttribute cmdlet))
                {
                    continue;
                }

                foreach (PropertyInfo property in type.GetProperties())
                {
                    if (!property.IsDefined(typeof(SupportsWildcardsAttribute), true))
                    {
                        continue;
                    }

                    string command = cmdlet.VerbName + "-" + cmdlet.NounName;
                    found.Add(command + " " + property.Name);
                    foreach (AliasAttribute alias in property.GetCustomAttributes(typeof(AliasAttribute), true).Cast<AliasAttribute>())
                    {
                        foreach (string name in alias.AliasNames)
                        {
                            found.Add(command + " " + name);
                        }
                    }
                }
            }

            return found;
        });

        /// <summary>Quotes a name by PowerShell's rules (<see cref="CommandLineText.Quote"/>, shared with the operations' warnings).</summary>
        public static string Quote(string name) => CommandLineText.Quote(name);

        internal static bool IsSingleQuote(char c) => CommandLineText.IsSingleQuote(c);

        /// <summary>Control characters (CR, LF, ...) as \uXXXX, so tenant text cannot start a line of its own on the console.</summary>
        internal static string Visible(string text) => DisplayText.Visible(text);

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
    }
}
