using System;
using AtlanTokens.Session;

namespace AtlanTokens.Model
{
    /// <summary>An Atlan query collection, with its editors (adminUsers) and viewers (viewerUsers).</summary>
    public sealed class AtlanCollection
    {
        internal AtlanCollection(string guid, string name, string qualifiedName)
        {
            Guid = guid;
            Name = name;
            QualifiedName = qualifiedName;
        }

        public string Guid { get; }

        public string Name { get; }

        public string QualifiedName { get; }

        /// <summary>Editors and owners of the collection.</summary>
        public StringList AdminUsers { get; internal set; } = StringList.Empty;

        public StringList AdminGroups { get; internal set; } = StringList.Empty;

        public StringList ViewerUsers { get; internal set; } = StringList.Empty;

        public StringList ViewerGroups { get; internal set; } = StringList.Empty;

        /// <summary>The tenant (base URL) this was read from; tells tenants apart in reports.</summary>
        public string? Tenant => Session?.BaseUrl;

        internal AtlanSession? Session { get; set; }

        public override string ToString() => Name;
    }
}
