using AtlanTokens.Session;

namespace AtlanTokens.Model
{
    /// <summary>An Atlan persona: a set of policies an API token can be linked to.</summary>
    public sealed class AtlanPersona
    {
        public AtlanPersona(string guid, string name, string qualifiedName, string? description, bool isEnabled)
        {
            Guid = guid;
            Name = name;
            QualifiedName = qualifiedName;
            Description = description;
            IsEnabled = isEnabled;
        }

        public string Guid { get; }

        public string Name { get; }

        public string QualifiedName { get; }

        public string? Description { get; }

        public bool IsEnabled { get; }

        /// <summary>The tenant (base URL) this was read from; tells tenants apart in reports.</summary>
        public string? Tenant => Session?.BaseUrl;

        internal AtlanSession? Session { get; set; }

        public override string ToString() => Name;
    }
}
