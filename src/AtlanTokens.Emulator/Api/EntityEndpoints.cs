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
/// As in Atlas: an entity whose lists do not change is skipped and left out of mutatedEntities (an answer with no change
/// at all has only guidAssignments); a collection always keeps its creator in adminUsers; a save that would leave an
/// asset with no admin user, group or role is refused (ATLAS-400-00-114); adding a username Keycloak does not know is
/// Atlas's 500 ATLAS-500-00-001 "Keycloak user not found with userName &lt;x&gt;" and stores nothing; the name sent
/// overwrites the stored one (Atlas makes no check). Saves reach index search after the store's index lag.
/// GET /api/meta/entity/guid/{guid}: the stored asset, never lagging.
/// </summary>
internal static class EntityEndpoints
{
    private static readonly string[] ListAttributes = ["adminUsers", "adminGroups", "adminRoles", "viewerUsers", "viewerGroups"];
    private static readonly string[] UserListAttributes = ["adminUsers", "viewerUsers"];

    private static readonly string[] AdminListAttributes = ["adminUsers", "adminGroups", "adminRoles"];
    private static readonly string[] GetQueryParameters = ["minExtInfo", "ignoreRelationships"];

    public static void Map(IEndpointRouteBuilder routes, EmulatorServices services)
    {
        routes.MapPost("/api/meta/entity/bulk", context => SaveAsync(context, services));
        routes.MapGet("/api/meta/entity/guid/{guid}", context => GetByGuidAsync(context, services));
    }

    private static Task GetByGuidAsync(HttpContext context, EmulatorServices services)
    {
        Caller caller = CallerContext.Get(context);
        string guid = (string)context.Request.RouteValues["guid"]!;
        foreach ((string key, Microsoft.Extensions.Primitives.StringValues value) in context.Request.Query)
        {
            if (!GetQueryParameters.Contains(key, StringComparer.Ordinal))
            {
                throw ServiceRefusalException.BadRequest(33, $"Query parameter '{key}' is not supported on entity reads; use minExtInfo and ignoreRelationships.", key);
            }

            if (value.Count != 1 || !bool.TryParse(value[0], out _))
            {
                throw ServiceRefusalException.BadRequest(33, $"Query parameter '{key}' must be true or false.", key);
            }
        }

        JsonObject entity = services.Store.Assets.Use(assets =>
        {
            AssetEntry asset = assets.FirstOrDefault(candidate => string.Equals(candidate.Guid, guid, StringComparison.Ordinal))
                ?? throw AtlasRefusal.GuidNotFound(guid);
            return AssetAccess.CanSee(caller, asset)
                ? AssetJson.Render(asset, requestedAttributes: null)
                : throw AtlasRefusal.Unauthorized(caller.Username, $"read entity: guid={guid}");
        });
        return JsonResponse.WriteAsync(context, new JsonObject
        {
            ["referredEntities"] = new JsonObject(),
            ["entity"] = entity,
        });
    }

    private static async Task SaveAsync(HttpContext context, EmulatorServices services)
    {
        Caller caller = CallerContext.Get(context);
        JsonObject body = await RequestJson.ReadObjectAsync(context);
        JsonArray entities = RequestJson.RequireArray(body, "entities");
        if (entities.Count == 0)
        {
            throw ServiceRefusalException.BadRequest(30, "Field 'entities' must contain at least one entity.", "entities");
        }

        List<EntityChange> changes = [.. entities.Select((entity, index) => EntityChange.Parse(entity, $"entities[{index}]"))];
        DateTimeOffset clock = services.Time.GetUtcNow();
        long now = clock.ToUnixTimeMilliseconds();

        JsonObject response = services.Store.Assets.Use(assets =>
        {
            List<(EntityChange Change, AssetEntry Asset)> targets = [.. changes.Select(change => (change, Authorize(change, assets, caller, services.Store)))];
            List<(EntityChange Change, AssetEntry Asset, Dictionary<string, IReadOnlyList<string>> Lists)> planned =
                [.. targets.Select(target => (target.Change, target.Asset, Effective(target.Change, target.Asset)))];
            foreach ((EntityChange change, AssetEntry asset, Dictionary<string, IReadOnlyList<string>> lists) in planned)
            {
                bool hasAdmin = AdminListAttributes.Any(attribute =>
                    (lists.TryGetValue(attribute, out IReadOnlyList<string>? sent) ? sent : asset.GetStringList(attribute)).Count > 0);
                if (!hasAdmin)
                {
                    throw AtlasRefusal.AdminListEmpty(asset.TypeName);
                }
            }

            var updated = new JsonArray();
            var guidAssignments = new JsonObject();
            TimeSpan lag = services.Store.Assets.IndexLag;
            foreach ((EntityChange change, AssetEntry asset, Dictionary<string, IReadOnlyList<string>> lists) in planned)
            {
                guidAssignments[change.Guid] = asset.Guid;
                if (string.Equals(asset.Name, change.Name, StringComparison.Ordinal)
                    && lists.All(list => asset.GetStringList(list.Key).SequenceEqual(list.Value, StringComparer.Ordinal)))
                {
                    continue; // Atlas: "skipping unchanged entity"
                }

                foreach ((string attribute, IReadOnlyList<string> values) in lists)
                {
                    asset.Attributes[attribute] = EmulatorStore.StringArray(values);
                }

                asset.Attributes["name"] = change.Name; // Atlas overwrites the name with the one sent

                asset.UpdatedBy = caller.Username;
                asset.UpdateTime = now;
                asset.QueueIndex(clock, lag);
                updated.Add(AssetJson.Render(asset, requestedAttributes: null));
            }

            var response = new JsonObject();
            if (updated.Count > 0)
            {
                response["mutatedEntities"] = new JsonObject { ["UPDATE"] = updated };
            }

            response["guidAssignments"] = guidAssignments;
            return response;
        });

        await JsonResponse.WriteAsync(context, response);
    }

    /// <summary>
    /// The lists as they will be stored. QueryCollectionPreProcessor.updateCollectionAdminRole: when a collection save
    /// carries adminUsers and either the list sent or the stored list is non-empty, the creator (the entity's
    /// __createdBy) is added to the list sent if it is missing, so a collection's creator always stays an editor.
    /// </summary>
    private static Dictionary<string, IReadOnlyList<string>> Effective(EntityChange change, AssetEntry asset)
    {
        var lists = new Dictionary<string, IReadOnlyList<string>>(change.Lists, StringComparer.Ordinal);
        if (asset.TypeName == EmulatorStore.CollectionType
            && lists.TryGetValue("adminUsers", out IReadOnlyList<string>? admins)
            && (admins.Count > 0 || asset.GetStringList("adminUsers").Count > 0)
            && !string.IsNullOrEmpty(asset.CreatedBy)
            && !admins.Contains(asset.CreatedBy, StringComparer.Ordinal))
        {
            lists["adminUsers"] = [.. admins, asset.CreatedBy];
        }

        return lists;
    }

    private static AssetEntry Authorize(EntityChange change, IReadOnlyList<AssetEntry> assets, Caller caller, EmulatorStore store)
    {
        AssetEntry? asset = assets.FirstOrDefault(candidate =>
            string.Equals(candidate.TypeName, change.TypeName, StringComparison.OrdinalIgnoreCase)
            && string.Equals(candidate.QualifiedName, change.QualifiedName, StringComparison.Ordinal));
        if (asset is null || !asset.IsActive)
        {
            throw new ServiceRefusalException(StatusCodes.Status404NotFound, 2,
                $"No active {change.TypeName} with qualifiedName '{change.QualifiedName}' exists; the emulator never creates assets through bulk save.",
                change.Location + ".attributes.qualifiedName");
        }

        if (asset.TypeName is not (EmulatorStore.ConnectionType or EmulatorStore.CollectionType))
        {
            throw ServiceRefusalException.BadRequest(30, $"Saving {asset.TypeName} assets is not supported by the emulator.", change.Location + ".typeName");
        }

        if (!AssetAccess.CanManage(caller, asset))
        {
            // Atlas's refusal (ATLAS-403-00-001, "<user> is not authorized to perform <action>"), with the emulator's reason.
            string reason = asset.TypeName == EmulatorStore.ConnectionType
                ? $"not a connection admin of '{asset.Name}'; only connection admins can change its admins"
                : $"not an editor of the query collection '{asset.Name}'; only collection editors can change its editors and viewers";
            throw AtlasRefusal.Unauthorized(caller.Username, $"update entity: type={asset.TypeName}, qualifiedName={asset.QualifiedName} ({reason})");
        }

        foreach ((string attribute, IReadOnlyList<string> values) in change.Lists.Where(list => UserListAttributes.Contains(list.Key)))
        {
            IReadOnlyList<string> existing = asset.GetStringList(attribute);
            foreach (string added in values.Where(value => !existing.Contains(value, StringComparer.Ordinal)))
            {
                if (caller.IsApiToken && string.Equals(added, caller.Username, StringComparison.Ordinal))
                {
                    throw AtlasRefusal.Unauthorized(caller.Username,
                        $"update entity: type={asset.TypeName}, qualifiedName={asset.QualifiedName} (an API token cannot add itself to {attribute}; use a user's bearer token (impersonation token) of an existing admin or editor)");
                }

                if (!store.IsKnownUsername(added))
                {
                    // KeycloakStore.updateRoleUsers, called by the Connection and Collection preprocessors for every user
                    // added; a user removed but unknown is only logged. Thrown before anything is stored.
                    throw AtlasRefusal.KeycloakUserNotFound(added);
                }
            }
        }

        // No check of 'name': Atlas overwrites the stored name with the one sent (a stale name reverts a rename).
        return asset;
    }

    private sealed record EntityChange(string Location, string TypeName, string Guid, string QualifiedName, string Name, IReadOnlyDictionary<string, IReadOnlyList<string>> Lists)
    {
        public static EntityChange Parse(JsonNode? node, string location)
        {
            JsonObject entity = node as JsonObject ?? throw ServiceRefusalException.BadRequest(30, "Each entity must be a JSON object.", location);
            string typeName = RequestJson.RequireString(entity, "typeName", location + ".typeName");
            string guid = RequestJson.RequireString(entity, "guid", location + ".guid");
            JsonNode attributesNode = RequestJson.Require(entity, "attributes", location + ".attributes");
            JsonObject attributes = attributesNode as JsonObject ?? throw RequestJson.WrongType("attributes", "an object", location + ".attributes");
            string qualifiedName = RequestJson.RequireString(attributes, "qualifiedName", location + ".attributes.qualifiedName");
            string name = RequestJson.RequireString(attributes, "name", location + ".attributes.name");

            var lists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (string key in attributes.Select(pair => pair.Key))
            {
                if (key is "qualifiedName" or "name")
                {
                    continue;
                }

                if (!ListAttributes.Contains(key, StringComparer.Ordinal))
                {
                    throw ServiceRefusalException.BadRequest(30, $"Attribute '{key}' cannot be saved through the emulator; send only qualifiedName, name and access lists.", location + ".attributes." + key);
                }

                lists[key] = [.. RequestJson.RequireStringArray(attributes, key, location + ".attributes." + key).Distinct(StringComparer.Ordinal)];
            }

            return new EntityChange(location, typeName, guid, qualifiedName, name, lists);
        }
    }
}
