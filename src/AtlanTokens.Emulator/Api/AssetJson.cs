using System.Collections.Generic;
using System.Text.Json.Nodes;
using AtlanTokens.Emulator.State;

namespace AtlanTokens.Emulator.Api;

/// <summary>Renders Atlas entities the way index search and bulk save return them (contract §3.4, §4.1).</summary>
internal static class AssetJson
{
    public static JsonObject Render(AssetEntry asset, IEnumerable<string>? requestedAttributes)
    {
        var attributes = new JsonObject
        {
            ["name"] = asset.Name,
            ["qualifiedName"] = asset.QualifiedName,
        };
        if (requestedAttributes is null)
        {
            foreach ((string key, JsonNode? value) in asset.Attributes)
            {
                attributes[key] = value?.DeepClone();
            }
        }
        else
        {
            foreach (string attribute in requestedAttributes)
            {
                if (asset.Attributes.TryGetPropertyValue(attribute, out JsonNode? value))
                {
                    attributes[attribute] = value?.DeepClone();
                }
            }
        }

        return new JsonObject
        {
            ["typeName"] = asset.TypeName,
            ["guid"] = asset.Guid,
            ["status"] = asset.Status,
            ["attributes"] = attributes,
            ["displayText"] = asset.Name,
            ["createdBy"] = asset.CreatedBy,
            ["updatedBy"] = asset.UpdatedBy,
            ["createTime"] = asset.CreateTime,
            ["updateTime"] = asset.UpdateTime,
            ["classificationNames"] = new JsonArray(),
            ["classifications"] = new JsonArray(),
            ["meaningNames"] = new JsonArray(),
            ["meanings"] = new JsonArray(),
            ["labels"] = new JsonArray(),
            ["isIncomplete"] = false,
        };
    }

    public static IReadOnlyList<string> SuperTypesOf(string typeName) => typeName switch
    {
        EmulatorStore.PersonaType => ["AccessControl", "Asset", "Referenceable"],
        EmulatorStore.CollectionType => ["Namespace", "Asset", "Referenceable"],
        _ => ["Asset", "Referenceable"],
    };
}
