using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace AtlanTokens.Emulator.State;

/// <summary>An Atlas entity (Persona, Connection, Collection); attributes always hold name and qualifiedName.</summary>
internal sealed class AssetEntry
{
    public const string Active = "ACTIVE";
    public const string Deleted = "DELETED";

    public required string Guid { get; init; }

    public required string TypeName { get; init; }

    public required JsonObject Attributes { get; init; }

    public string Status { get; set; } = Active;

    public required string CreatedBy { get; init; }

    public required string UpdatedBy { get; set; }

    public required long CreateTime { get; init; }

    public required long UpdateTime { get; set; }

    public string Name => (string)Attributes["name"]!;

    public string QualifiedName => (string)Attributes["qualifiedName"]!;

    public bool IsActive => Status == Active;

    public string? GetString(string attribute) =>
        Attributes[attribute] is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    public IReadOnlyList<string> GetStringList(string attribute) =>
        Attributes[attribute] is JsonArray array
            ? array.Select(item => item?.GetValue<string>()).OfType<string>().ToList()
            : [];
}
