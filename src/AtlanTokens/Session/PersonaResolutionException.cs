using System;
using System.Collections.Generic;
using System.Linq;
using AtlanTokens.Client;

namespace AtlanTokens.Session
{
    /// <summary>One or more -Persona values match no persona, or more than one.</summary>
    public sealed class PersonaResolutionException : AtlanException
    {
        internal PersonaResolutionException(IReadOnlyList<string> missing, IReadOnlyList<string> ambiguous, IReadOnlyList<string> known)
            : base(Describe(missing, ambiguous, known), null)
        {
            Missing = missing;
            Ambiguous = ambiguous;
        }

        public IReadOnlyList<string> Missing { get; }

        public IReadOnlyList<string> Ambiguous { get; }

        /// <summary>PersonaNotFound when some value matches no persona, else PersonaAmbiguous.</summary>
        public override string ErrorId => Missing.Count > 0 ? ErrorIds.PersonaNotFound : ErrorIds.PersonaAmbiguous;

        /// <summary>Decided before anything is sent.</summary>
        public override bool MayHaveBeenApplied => false;

        private static string Describe(IReadOnlyList<string> missing, IReadOnlyList<string> ambiguous, IReadOnlyList<string> known)
        {
            var parts = new List<string>();
            if (missing.Count > 0)
            {
                parts.Add($"No persona has the name or qualified name {string.Join(", ", missing.Select(m => "'" + m + "'"))}.");
            }

            if (ambiguous.Count > 0)
            {
                parts.Add($"Several personas share the name {string.Join("; ", ambiguous)}: give the qualified name instead.");
            }

            string knownText = known.Count == 0 ? "none" : string.Join(", ", known.Take(20)) + (known.Count > 20 ? ", …" : string.Empty);
            parts.Add($"Nothing was changed. Personas on this tenant: {knownText}.");
            return string.Join(" ", parts);
        }
    }
}
