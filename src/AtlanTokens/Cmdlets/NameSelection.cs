using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AtlanTokens.Client;

namespace AtlanTokens.Cmdlets
{
    /// <summary>
    /// What a -Name parameter of a Get cmdlet selects: exact names (PowerShell wildcard escapes removed, so
    /// <c>'lit`[1`]'</c> is the literal name <c>lit[1]</c>) and wildcard patterns, and which objects were already
    /// written, so a match is written once whatever patterns select it. Shared by every Get cmdlet.
    /// </summary>
    internal sealed class NameSelection
    {
        private const WildcardOptions Options = WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant;

        private readonly HashSet<string> _written;

        private NameSelection(List<string> exactNames, List<WildcardPattern> patterns, HashSet<string> written)
        {
            ExactNames = exactNames;
            Patterns = patterns;
            _written = written;
        }

        /// <summary>Exact names, unescaped (as sent to the server), each once.</summary>
        public IReadOnlyList<string> ExactNames { get; }

        public IReadOnlyList<WildcardPattern> Patterns { get; }

        /// <summary>
        /// Splits <paramref name="names"/> into exact names and patterns. An invalid pattern (such as <c>'x['</c>) is
        /// written as an InvalidWildcardPattern error and left out. <paramref name="written"/> lives as long as the
        /// invocation, so names piped one by one are deduplicated too.
        /// </summary>
        public static NameSelection Parse(AtlanCmdlet cmdlet, IEnumerable<string>? names, HashSet<string> written, string noun)
        {
            var exact = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var patterns = new List<WildcardPattern>();
            foreach (string name in names ?? Enumerable.Empty<string>())
            {
                if (!WildcardPattern.ContainsWildcardCharacters(name))
                {
                    string literal = WildcardPattern.Unescape(name);
                    if (seen.Add(literal))
                    {
                        exact.Add(literal);
                    }

                    continue;
                }

                var pattern = new WildcardPattern(name, Options);
                try
                {
                    pattern.IsMatch(string.Empty);
                }
                catch (WildcardPatternException e)
                {
                    cmdlet.WriteError(ErrorIds.InvalidWildcardPattern, ErrorCategory.InvalidArgument, name,
                        $"'{name}' is not a valid wildcard pattern for a {noun} name: {e.Message}",
                        "Escape a literal [ or ] with a backtick (for example -Name 'lit`[1`]'), or use [[] and []].");
                    continue;
                }

                patterns.Add(pattern);
            }

            return new NameSelection(exact, patterns, written);
        }

        public static HashSet<string> NewWrittenSet() => new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        public bool HasPatterns => Patterns.Count > 0;

        /// <summary>True when any pattern matches any of the candidates (e.g. a persona's name or qualified name).</summary>
        public bool MatchesPattern(params string?[] candidates)
            => Patterns.Any(p => candidates.Any(c => c != null && p.IsMatch(c)));

        /// <summary>True the first time an object with this key (its GUID) is offered; false afterwards.</summary>
        public bool FirstTime(string key) => _written.Add(key);
    }
}
