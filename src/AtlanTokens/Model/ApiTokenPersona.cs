namespace AtlanTokens.Model
{
    /// <summary>A persona linked to an API token, as the token record describes it.</summary>
    public sealed class ApiTokenPersona
    {
        public ApiTokenPersona(string qualifiedName, string? name, string? guid)
        {
            QualifiedName = qualifiedName;
            Name = name;
            Guid = guid;
        }

        public string? Name { get; }

        public string QualifiedName { get; }

        public string? Guid { get; }

        public override string ToString() => Name ?? QualifiedName;
    }
}
