using System;
using System.Collections.Generic;
using System.Linq;
using AtlanTokens.Model;

namespace AtlanTokens.Operations
{
    /// <summary>
    /// The add/remove axis of a grant as data: which usernames a change concerns, what it sends, what it is called and
    /// which status each token ends with. One code path (<see cref="GrantChange"/>) reads it for both directions.
    /// </summary>
    internal sealed class GrantDirection
    {
        public static readonly GrantDirection Add = new GrantDirection(false, "add", "Added", "grant", "to", "already", GrantStatus.Added, GrantStatus.AlreadyPresent);

        public static readonly GrantDirection Remove = new GrantDirection(true, "remove", "Removed", "revoke", "from", "not", GrantStatus.Removed, GrantStatus.NotPresent);

        private GrantDirection(bool removes, string verb, string past, string grantVerb, string preposition, string unchangedWord, GrantStatus changed, GrantStatus unchanged)
        {
            Removes = removes;
            Verb = verb;
            Past = past;
            GrantVerb = grantVerb;
            Preposition = preposition;
            UnchangedWord = unchangedWord;
            Changed = changed;
            Unchanged = unchanged;
        }

        /// <summary>True for a revoke: the usernames leave the list.</summary>
        public bool Removes { get; }

        /// <summary>"add" or "remove".</summary>
        public string Verb { get; }

        /// <summary>"Added" or "Removed".</summary>
        public string Past { get; }

        /// <summary>"grant" or "revoke".</summary>
        public string GrantVerb { get; }

        /// <summary>"to" or "from" (the list).</summary>
        public string Preposition { get; }

        /// <summary>"already" (in the list) or "not" (in the list): why nothing was sent for a username.</summary>
        public string UnchangedWord { get; }

        public GrantStatus Changed { get; }

        public GrantStatus Unchanged { get; }

        /// <summary>The usernames that need a change: not yet in the list (add), or still in it (remove).</summary>
        public List<string> Pending(IReadOnlyList<string> current, IEnumerable<string> usernames)
            => usernames.Where(u => current.Contains(u, StringComparer.Ordinal) == Removes).ToList();

        public IReadOnlyList<string> Adding(IReadOnlyList<string> pending) => Removes ? Array.Empty<string>() : pending;

        public IReadOnlyList<string> Removing(IReadOnlyList<string> pending) => Removes ? pending : Array.Empty<string>();

        /// <summary>What ShouldProcess asks: "Add x as connection admin (keeping the 3 existing adminUsers)".</summary>
        public string Action(GrantKind kind, IReadOnlyList<string> current, IReadOnlyList<string> pending)
        {
            string who = string.Join(", ", pending);
            return Removes
                ? $"Remove {who} as {kind.RightText} (keeping the {current.Count(u => !pending.Contains(u, StringComparer.Ordinal))} other {kind.ListAttribute})"
                : $"Add {who} as {kind.RightText} (keeping the {current.Count} existing {kind.ListAttribute})";
        }
    }
}
