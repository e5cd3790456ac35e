using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AtlanTokens.Emulator.Auth;
using AtlanTokens.Emulator.Errors;
using AtlanTokens.Emulator.Hosting;
using AtlanTokens.Emulator.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AtlanTokens.Emulator.Api;

/// <summary>
/// POST /api/meta/entity/bulk (contract §3): updates the access lists of existing connections and query collections.
/// Each list sent replaces the stored one; lists not sent are untouched. All entities are checked before any is changed.
/// </summary>
internal static class EntityEndpoints
{
    private static readonly string[] ListAttributes = ["adminUsers", "adminGroups", "adminRoles", "viewerUsers", "viewerGroups"];
    private static readonly string[] UserListAttributes = ["adminUsers", "viewerUsers"];

    public static void Map(IEndpointRouteBuilder routes, EmulatorServices services) =>
        routes.MapPost("/api/meta/entity/bulk", context => SaveAsync(context, services));

    private static async Task SaveAsync(HttpContext context, EmulatorServices services)
    {
        Caller caller = CallerContext.Get(context);
        JsonObject body = await JsonBody.ReadObjectAsync(context);
        JsonArray entities = JsonBody.RequireArray(body, "entities");
        if (entities.Count == 0)
        {
            throw AtlanApiException.BadRequest(30, "Field 'entities' must contain at least one entity.", "entities");
        }

        List<EntityChange> changes = [.. entities.Select((entity, index) => EntityChange.Parse(entity, $"entities[{index}]"))];
        long now = services.Time.GetUtcNow().ToUnixTimeMilliseconds();

        JsonObject response = services.Store.Assets.Use(assets =>
        {
            List<(EntityChange Change, AssetEntry Asset)> targets = [.. changes.Select(change => (change, Authorize(change, assets, caller, services.Store)))];
            var updated = new JsonArray();
            var guidAssignments = new JsonObject();
            foreach ((EntityChange change, AssetEntry asset) in targets)
            {
                foreach ((string attribute, IReadOnlyList<string> values) in change.Lists)
                {
                    asset.Attributes[attribute] = EmulatorStore.StringArray(values);
                }

                asset.UpdatedBy = caller.Username;
                asset.UpdateTime = now;
                updated.Add(AssetJson.Render(asset, requestedAttributes: null));
                guidAssignments[change.Guid] = asset.Guid;
            }

            return new JsonObject
            {
                ["mutatedEntities"] = new JsonObject { ["UPDATE"] = updated },
                ["guidAssignments"] = guidAssignments,
            };
        });

        await JsonResponse.WriteAsync(context, response);
    }

    private static AssetEntry Authorize(EntityChange change, IReadOnlyList<AssetEntry> assets, Caller caller, EmulatorStore store)
    {
        AssetEntry? asset = assets.FirstOrDefault(candidate =>
            string.Equals(candidate.TypeName, change.TypeName, StringComparison.OrdinalIgnoreCase)
            && string.Equals(candidate.QualifiedName, change.QualifiedName, StringComparison.Ordinal));
        if (asset is null || !asset.IsActive)
        {
            throw new AtlanApiException(StatusCodes.Status404NotFound, 2,
                $"No active {change.TypeName} with qualifiedName '{change.QualifiedName}' exists; the emulator never creates assets through bulk save.",
                change.Location + ".attributes.qualifiedName");
        }

        if (asset.TypeName is not (EmulatorStore.ConnectionType or EmulatorStore.CollectionType))
        {
            throw AtlanApiException.BadRequest(30, $"Saving {asset.TypeName} assets is not supported by the emulator.", change.Location + ".typeName");
        }

        if (!AssetAccess.CanManage(caller, asset))
        {
            string message = asset.TypeName == EmulatorStore.ConnectionType
                ? $"User '{caller.Username}' is not a connection admin of '{asset.Name}' ({asset.QualifiedName}); only connection admins can change its admins."
                : $"User '{caller.Username}' is not an editor of the query collection '{asset.Name}' ({asset.QualifiedName}); only collection editors can change its editors and viewers.";
            throw new AtlanApiException(StatusCodes.Status403Forbidden, asset.TypeName == EmulatorStore.ConnectionType ? 2 : 3, message, change.Location);
        }

        foreach ((string attribute, IReadOnlyList<string> values) in change.Lists.Where(list => UserListAttributes.Contains(list.Key)))
        {
            IReadOnlyList<string> existing = asset.GetStringList(attribute);
            foreach (string added in values.Where(value => !existing.Contains(value, StringComparer.Ordinal)))
            {
                if (caller.IsApiToken && string.Equals(added, caller.Username, StringComparison.Ordinal))
                {
                    throw new AtlanApiException(StatusCodes.Status403Forbidden, 4,
                        $"An API token cannot add itself to {attribute} of '{asset.Name}'; use a user's bearer token (impersonation token) of an existing admin or editor.",
                        change.Location + ".attributes." + attribute);
                }

                if (!store.IsKnownUsername(added))
                {
                    throw AtlanApiException.BadRequest(31, $"User '{added}' in {attribute} does not exist.", change.Location + ".attributes." + attribute);
                }
            }
        }

        if (!string.Equals(asset.Name, change.Name, StringComparison.Ordinal))
        {
            throw AtlanApiException.BadRequest(32,
                $"Attribute 'name' ('{change.Name}') does not match the stored name of {asset.QualifiedName}.", change.Location + ".attributes.name");
        }

        return asset;
    }

    private sealed record EntityChange(string Location, string TypeName, string Guid, string QualifiedName, string Name, IReadOnlyDictionary<string, IReadOnlyList<string>> Lists)
    {
        public static EntityChange Parse(JsonNode? node, string location)
        {
            JsonObject entity = node as JsonObject ?? throw AtlanApiException.BadRequest(30, "Each entity must be a JSON object.", location);
            string typeName = JsonBody.RequireString(entity, "typeName", location + ".typeName");
            string guid = JsonBody.RequireString(entity, "guid", location + ".guid");
            JsonNode attributesNode = JsonBody.Require(entity, "attributes", location + ".attributes");
            JsonObject attributes = attributesNode as JsonObject ?? throw JsonBody.WrongType("attributes", "an object", location + ".attributes");
            string qualifiedName = JsonBody.RequireString(attributes, "qualifiedName", location + ".attributes.qualifiedName");
            string name = JsonBody.RequireString(attributes, "name", location + ".attributes.name");

            var lists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (string key in attributes.Select(pair => pair.Key))
            {
                if (key is "qualifiedName" or "name")
                {
                    continue;
                }

                if (!ListAttributes.Contains(key, StringComparer.Ordinal))
                {
                    throw AtlanApiException.BadRequest(30, $"Attribute '{key}' cannot be saved through the emulator; send only qualifiedName, name and access lists.", location + ".attributes." + key);
                }

                lists[key] = [.. JsonBody.RequireStringArray(attributes, key, location + ".attributes." + key).Distinct(StringComparer.Ordinal)];
            }

            return new EntityChange(location, typeName, guid, qualifiedName, name, lists);
        }
    }
}
