using System;
using System.Collections.Generic;
using System.Linq;
using AtlanTokens.Client;
using AtlanTokens.Model;

namespace AtlanTokens.Operations
{
    /// <summary>
    /// One grant or revoke on one asset, decided from the asset as stored: which usernames need a change
    /// (<see cref="Pending"/>), what to ask before it (<see cref="Action"/>), and each token's outcome afterwards.
    /// </summary>
    internal sealed class GrantPlan
    {
        internal GrantPlan(GrantKind kind, GrantDirection direction, GrantTarget before, IReadOnlyList<string> usernames, IReadOnlyList<string> pending)
        {
            Kind = kind;
            Direction = direction;
            Before = before;
            Usernames = usernames;
            Pending = pending;
        }

        public GrantKind Kind { get; }

        public GrantDirection Direction { get; }

        /// <summary>The asset as stored when the plan was made.</summary>
        public GrantTarget Before { get; }

        /// <summary>Every username the change is for, in the order given.</summary>
        public IReadOnlyList<string> Usernames { get; }

        /// <summary>The usernames whose change must be sent; the rest already hold (or lack) the right.</summary>
        public IReadOnlyList<string> Pending { get; }

        public bool HasChange => Pending.Count > 0;

        /// <summary>A collection's creator asked to be removed as editor: left out of the change, since Atlas always keeps it.</summary>
        public string? CreatorKept { get; internal set; }

        /// <summary>The asset as a message names it (tenant text with control characters shown).</summary>
        public string Target => Kind.Describe(Before);

        /// <summary>What the confirmation prompt and -WhatIf say.</summary>
        public string Action => Direction.Action(Kind, Before.UsersFor(Kind.Right), Pending);

        public string Done => $"{Direction.Past} {string.Join(", ", Pending)} {Direction.Preposition} {Kind.ListAttribute} of {Target}; the stored asset shows it.";

        /// <summary>The warning for a change Atlas acknowledged but whose check read failed (<paramref name="reason"/>: error id and message).</summary>
        public string NotVerified(string tokens, string reason, string check)
            => $"{Direction.Past} {tokens} {Direction.Preposition} {Kind.ListAttribute} of {Target} (Atlan acknowledged the save), but the change could not be verified: "
               + $"the check read failed ({reason}). Check it later with {check}.";

        public string Unchanged(string username) => $"{username} is {Direction.UnchangedWord} in {Kind.ListAttribute} of {Target}; nothing sent for it.";

        /// <summary>
        /// One result per username. With <paramref name="applied"/> false (declined at the prompt, or -WhatIf) the pending
        /// usernames are left out: nothing happened to them. <paramref name="notVerified"/> (why the check read after an
        /// acknowledged save failed) marks the changed usernames' results as applied but not verified.
        /// </summary>
        public IEnumerable<GrantResult> Outcomes(GrantTarget after, bool applied, string? notVerified = null)
        {
            IReadOnlyList<string> users = after.UsersFor(Kind.Right);
            foreach (string username in Usernames)
            {
                bool changed = Pending.Contains(username, StringComparer.Ordinal);
                if (changed && !applied)
                {
                    continue;
                }

                var result = new GrantResult(after.TypeName, after.Name, after.QualifiedName, after.Guid, username, Kind.Right, changed ? Direction.Changed : Direction.Unchanged);
                if (changed && notVerified != null)
                {
                    result.Verified = false;
                    result.NotVerifiedReason = notVerified;
                }

                if (Kind.Right == GrantRight.CollectionViewer)
                {
                    result.ViewerUsers = users.ToArray();
                }
                else
                {
                    result.AdminUsers = users.ToArray();
                }

                yield return result;
            }
        }
    }
}
