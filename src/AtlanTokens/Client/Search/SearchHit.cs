using System.Text.Json;

namespace AtlanTokens.Client
{
    /// <summary>One entity of an index search answer; Attributes is a detached copy.</summary>
    internal sealed class SearchHit
    {
        public SearchHit(string typeName, string guid, JsonElement attributes)
        {
            TypeName = typeName;
            Guid = guid;
            Attributes = attributes;
        }

        public string TypeName { get; }

        public string Guid { get; }

        public JsonElement Attributes { get; }

        public string? Name => JsonBody.Text(Attributes, "name");

        public string? QualifiedName => JsonBody.Text(Attributes, "qualifiedName");
    }
}
