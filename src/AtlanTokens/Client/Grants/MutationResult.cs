using System.Collections.Generic;

namespace AtlanTokens.Client
{
    /// <summary>
    /// The answer of a bulk save: the entities under mutatedEntities.UPDATE, and guidAssignments (temporary GUID to
    /// real GUID). Atlas leaves mutatedEntities out when nothing changed: then only the mapping says the save was taken.
    /// </summary>
    internal sealed class MutationResult
    {
        public MutationResult(List<SearchHit> updated, IReadOnlyDictionary<string, string> guidAssignments)
        {
            Updated = updated;
            GuidAssignments = guidAssignments;
        }

        public List<SearchHit> Updated { get; }

        public IReadOnlyDictionary<string, string> GuidAssignments { get; }

        /// <summary>The temporary GUID the save was sent with (set by the endpoint).</summary>
        public string TemporaryGuid { get; set; } = string.Empty;

        /// <summary>True when the answer shows the entity was taken: listed as updated, or its temporary GUID mapped to it.</summary>
        public bool Acknowledges(string guid)
            => Updated.Exists(h => string.Equals(h.Guid, guid, System.StringComparison.OrdinalIgnoreCase))
                || (GuidAssignments.TryGetValue(TemporaryGuid, out string? real) && string.Equals(real, guid, System.StringComparison.OrdinalIgnoreCase));
    }
}
