using System;
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

    public required string CreatedBy { get; set; }

    public required string UpdatedBy { get; set; }

    public required long CreateTime { get; init; }

    public required long UpdateTime { get; set; }

    /// <summary>What index search sees: the attributes as they were when the index last caught up with the store.</summary>
    private JsonObject? indexed;

    /// <summary>Saved versions the index has not taken in yet, each with the time it becomes searchable.</summary>
    private readonly List<(DateTimeOffset Due, JsonObject Attributes)> pendingIndex = [];

    public string Name => (string)Attributes["name"]!;

    public string QualifiedName => (string)Attributes["qualifiedName"]!;

    public bool IsActive => Status == Active;

    public string? GetString(string attribute) =>
        Attributes[attribute] is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    public IReadOnlyList<string> GetStringList(string attribute) =>
        Attributes[attribute] is JsonArray array
            ? array.Select(item => item?.GetValue<string>()).OfType<string>().ToList()
            : [];

    /// <summary>Takes the current attributes as the indexed ones (call before the first change).</summary>
    public void SnapshotIndex()
    {
        indexed = (JsonObject)Attributes.DeepClone();
        pendingIndex.Clear();
    }

    /// <summary>After a save: the index takes the new attributes in at once, or after <paramref name="lag"/>.</summary>
    public void QueueIndex(DateTimeOffset now, TimeSpan lag)
    {
        if (lag <= TimeSpan.Zero)
        {
            SnapshotIndex();
            return;
        }

        pendingIndex.Add((now + lag, (JsonObject)Attributes.DeepClone()));
    }

    /// <summary>This asset as index search sees it at <paramref name="now"/> (may be older than the store).</summary>
    public AssetEntry IndexView(DateTimeOffset now)
    {
        indexed ??= (JsonObject)Attributes.DeepClone();
        while (pendingIndex.Count > 0 && pendingIndex[0].Due <= now)
        {
            indexed = pendingIndex[0].Attributes;
            pendingIndex.RemoveAt(0);
        }

        return new AssetEntry
        {
            Guid = Guid,
            TypeName = TypeName,
            Attributes = (JsonObject)indexed.DeepClone(),
            Status = Status,
            CreatedBy = CreatedBy,
            UpdatedBy = UpdatedBy,
            CreateTime = CreateTime,
            UpdateTime = UpdateTime,
        };
    }
}
