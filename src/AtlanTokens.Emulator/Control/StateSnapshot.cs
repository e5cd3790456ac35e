using System.Linq;
using System.Text.Json.Nodes;
using AtlanTokens.Emulator.Api;
using AtlanTokens.Emulator.State;

namespace AtlanTokens.Emulator.Control;

/// <summary>GET /_emulator/state: everything the tenant holds, minus secrets (no access tokens).</summary>
internal static class StateSnapshot
{
    public static JsonObject Build(EmulatorStore store)
    {
        JsonArray tokens = new([.. store.Tokens.Snapshot().Select(token => (JsonNode?)new JsonObject
        {
            ["id"] = token.Id,
            ["clientId"] = token.ClientId,
            ["username"] = token.Username,
            ["displayName"] = token.DisplayName,
            ["description"] = token.Description,
            ["personaQualifiedNames"] = EmulatorStore.StringArray(token.Personas.Select(persona => persona.QualifiedName)),
            ["createdAt"] = token.CreatedAtMs,
            ["createdBy"] = token.CreatedBy,
            ["validitySeconds"] = token.ValiditySeconds,
            ["role"] = token.Role,
        })]);

        (JsonArray personas, JsonArray connections, JsonArray collections) = store.Assets.Use(assets => (
            Render(assets, EmulatorStore.PersonaType),
            Render(assets, EmulatorStore.ConnectionType),
            Render(assets, EmulatorStore.CollectionType)));

        JsonArray users = new([.. store.Users.All.Select(user => (JsonNode?)new JsonObject
        {
            ["id"] = user.Id,
            ["username"] = user.Username,
            ["email"] = user.Email,
            ["firstName"] = user.FirstName,
            ["lastName"] = user.LastName,
            ["role"] = user.Role,
            ["groups"] = EmulatorStore.StringArray(user.Groups),
        })]);

        return new JsonObject
        {
            ["tokens"] = tokens,
            ["personas"] = personas,
            ["connections"] = connections,
            ["collections"] = collections,
            ["users"] = users,
            ["oauthClients"] = new JsonArray([.. store.OAuthClients.All.Select(client => (JsonNode?)new JsonObject
            {
                ["id"] = client.Id,
                ["clientId"] = client.ClientId,
                ["username"] = client.Username,
                ["displayName"] = client.DisplayName,
                ["role"] = client.Role,
                ["tokenExpirySeconds"] = client.TokenExpirySeconds,
            })]),
        };
    }

    private static JsonArray Render(System.Collections.Generic.IReadOnlyList<AssetEntry> assets, string typeName) =>
        new([.. assets.Where(asset => asset.TypeName == typeName).Select(asset => (JsonNode?)AssetJson.Render(asset, requestedAttributes: null))]);
}
