using System.Collections.Generic;
using System.Linq;
using AtlanTokens.Client;

namespace AtlanTokens.Operations
{
    /// <summary>Several assets of the kind have the name a grant was given: they are listed; nothing was changed.</summary>
    public sealed class GrantAssetAmbiguousException : AtlanException
    {
        internal GrantAssetAmbiguousException(string message, string errorId, string name, string? connectorType, IReadOnlyList<NamedAsset> candidates)
            : base(message, null)
        {
            ErrorId = errorId;
            Name = name;
            ConnectorType = connectorType;
            Candidates = candidates;
        }

        /// <summary>ConnectionNameAmbiguous or CollectionNameAmbiguous.</summary>
        public override string ErrorId { get; }

        public string Name { get; }

        /// <summary>The connector type given with the name, if any.</summary>
        public string? ConnectorType { get; }

        /// <summary>The distinct connector types of the candidates (connections only).</summary>
        public IReadOnlyList<string> CandidateConnectorTypes => Candidates.Where(c => c.ConnectorType != null).Select(c => c.ConnectorType!).Distinct().ToList();

        internal IReadOnlyList<NamedAsset> Candidates { get; }

        public override bool MayHaveBeenApplied => false;
    }
}
