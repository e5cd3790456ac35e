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
        public string[] AdminUsers { get; internal set; } = Array.Empty<string>();

        public string[] AdminGroups { get; internal set; } = Array.Empty<string>();

        public string[] ViewerUsers { get; internal set; } = Array.Empty<string>();

        public string[] ViewerGroups { get; internal set; } = Array.Empty<string>();

        internal AtlanSession? Session { get; set; }

        public override string ToString() => Name;
    }
}
