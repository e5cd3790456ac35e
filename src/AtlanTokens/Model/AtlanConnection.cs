using System;
using AtlanTokens.Session;

namespace AtlanTokens.Model
{
    /// <summary>An Atlan connection (a source system such as a Snowflake account) and who administers it.</summary>
    public sealed class AtlanConnection
    {
        internal AtlanConnection(string guid, string name, string qualifiedName, string? connectorType)
        {
            Guid = guid;
            Name = name;
            QualifiedName = qualifiedName;
            ConnectorType = connectorType;
        }

        public string Guid { get; }

        public string Name { get; }

        public string QualifiedName { get; }

        /// <summary>The connector slug (connectorName), e.g. snowflake or bigquery.</summary>
        public string? ConnectorType { get; }

        public StringList AdminUsers { get; internal set; } = StringList.Empty;

        public StringList AdminGroups { get; internal set; } = StringList.Empty;

        public StringList AdminRoles { get; internal set; } = StringList.Empty;

        /// <summary>The tenant (base URL) this was read from; tells tenants apart in reports.</summary>
        public string? Tenant => Session?.BaseUrl;

        internal AtlanSession? Session { get; set; }

        public override string ToString() => Name;
    }
}
