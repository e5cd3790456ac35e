using System.Collections.Generic;

namespace AtlanTokens.Client
{
    /// <summary>An asset as read for a grant: identity plus the one user list the grant changes.</summary>
    internal sealed class GrantTarget
    {
        public GrantTarget(string typeName, string guid, string name, string qualifiedName, string? connectorName, IReadOnlyList<string> users)
        {
            TypeName = typeName;
            Guid = guid;
            Name = name;
            QualifiedName = qualifiedName;
            ConnectorName = connectorName;
            Users = users;
        }

        public string TypeName { get; }

        public string Guid { get; }

        public string Name { get; }

        public string QualifiedName { get; }

        public string? ConnectorName { get; }

        /// <summary>adminUsers or viewerUsers, in the order the tenant holds them.</summary>
        public IReadOnlyList<string> Users { get; }
    }
}
