using System.Collections.Generic;

namespace AtlanTokens.Client
{
    /// <summary>One entity of a bulk save that replaces one user list (adminUsers or viewerUsers) of an existing asset.</summary>
    internal sealed class EntityUpdate
    {
        public EntityUpdate(string typeName, string qualifiedName, string name, string listAttribute, IReadOnlyList<string> users)
        {
            TypeName = typeName;
            QualifiedName = qualifiedName;
            Name = name;
            ListAttribute = listAttribute;
            Users = users;
        }

        public string TypeName { get; }

        public string QualifiedName { get; }

        public string Name { get; }

        public string ListAttribute { get; }

        /// <summary>The COMPLETE list to store: the server replaces the list with what it is sent.</summary>
        public IReadOnlyList<string> Users { get; }
    }
}
