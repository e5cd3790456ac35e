using System;
using System.Collections.Generic;
using AtlanTokens.Model;

namespace AtlanTokens.Client
{
    /// <summary>An asset as stored (GET /api/meta/entity/guid/{guid}): identity plus every access list a grant looks at.</summary>
    internal sealed class GrantTarget
    {
        private static readonly IReadOnlyList<string> None = Array.Empty<string>();

        public GrantTarget(string typeName, string guid, string name, string qualifiedName, string? connectorName)
        {
            TypeName = typeName;
            Guid = guid;
            Name = name;
            QualifiedName = qualifiedName;
            ConnectorName = connectorName;
        }

        public string TypeName { get; }

        public string Guid { get; }

        public string Name { get; }

        public string QualifiedName { get; }

        public string? ConnectorName { get; }

        public string? CreatedBy { get; set; }

        public IReadOnlyList<string> AdminUsers { get; set; } = None;

        public IReadOnlyList<string> AdminGroups { get; set; } = None;

        public IReadOnlyList<string> AdminRoles { get; set; } = None;

        public IReadOnlyList<string> ViewerUsers { get; set; } = None;

        /// <summary>The list the right changes (adminUsers or viewerUsers), in the order the tenant holds it.</summary>
        public IReadOnlyList<string> UsersFor(GrantRight right) => right == GrantRight.CollectionViewer ? ViewerUsers : AdminUsers;

        /// <summary>A copy of this asset with the right's list replaced by <paramref name="users"/> (e.g. the list as saved).</summary>
        public GrantTarget WithUsers(GrantRight right, IReadOnlyList<string> users)
        {
            var copy = new GrantTarget(TypeName, Guid, Name, QualifiedName, ConnectorName)
            {
                CreatedBy = CreatedBy,
                AdminUsers = AdminUsers,
                AdminGroups = AdminGroups,
                AdminRoles = AdminRoles,
                ViewerUsers = ViewerUsers,
            };
            if (right == GrantRight.CollectionViewer)
            {
                copy.ViewerUsers = users;
            }
            else
            {
                copy.AdminUsers = users;
            }

            return copy;
        }
    }
}
