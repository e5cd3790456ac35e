using System.Collections.Generic;

namespace AtlanTokens.Client
{
    /// <summary>The answer of a bulk save: the entities Atlan reports under mutatedEntities.UPDATE.</summary>
    internal sealed class MutationResult
    {
        public MutationResult(List<SearchHit> updated)
        {
            Updated = updated;
        }

        public List<SearchHit> Updated { get; }
    }
}
