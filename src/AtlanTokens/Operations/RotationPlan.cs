using System.Collections.Generic;
using System.Linq;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Session;

namespace AtlanTokens.Operations
{
    /// <summary>What a rotation will do (step 0): the old token as stored now, what the new one copies, and what an earlier run did.</summary>
    internal sealed class RotationPlan
    {
        public RotationPlan(ApiToken old, string newName, long validitySeconds, List<(GrantTarget Asset, GrantRight Right)> grants, bool collectionsSearched, IReadOnlyList<string> sameNameGuids, ApiToken? successor)
        {
            Old = old;
            NewName = newName;
            ValiditySeconds = validitySeconds;
            Grants = grants;
            CollectionsSearched = collectionsSearched;
            SameNameGuids = sameNameGuids;
            Successor = successor;
        }

        /// <summary>The token being rotated, read fresh by GUID.</summary>
        public ApiToken Old { get; }

        /// <summary>The new token's display name: the old one's, or -NewDisplayName.</summary>
        public string NewName { get; }

        public long ValiditySeconds { get; }

        /// <summary>The old token's grants (connections always; collections only when searched).</summary>
        public List<(GrantTarget Asset, GrantRight Right)> Grants { get; }

        public bool CollectionsSearched { get; }

        /// <summary>Tokens named like the new one before this run (GUIDs): tells the create service what existed.</summary>
        public IReadOnlyList<string> SameNameGuids { get; }

        /// <summary>
        /// The new token an earlier run of this rotation created, proved and marked (steps 1 and 2 done then), found by
        /// its own rotation mark or passed back with -Resume; null when this run creates one.
        /// </summary>
        public ApiToken? Successor { get; }

        /// <summary>The description the new token keeps: the old one's without any rotation mark.</summary>
        public string Description => RotationMark.Strip(Old.Description);

        /// <summary>
        /// When the token to rotate is itself the new token of an unfinished rotation (its own mark names another token
        /// that still exists): the token that rotation replaces.
        /// </summary>
        public ApiToken? Predecessor { get; set; }

        public IReadOnlyList<string> PersonaQualifiedNames => Old.Personas.QualifiedNames.ToList();

        public IReadOnlyList<string> PersonaVerbatim => Old.Personas.Uninterpreted;
    }
}
