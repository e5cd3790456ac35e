using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using AtlanTokens.Emulator.Auth;

namespace AtlanTokens.Emulator.State;

/// <summary>All tenant state, loaded from the seed and put back to it on reset.</summary>
internal sealed class EmulatorStore
{
    public const string PersonaType = "Persona";
    public const string ConnectionType = "Connection";
    public const string CollectionType = "Collection";

    private readonly SeedDocument seed;

    public EmulatorStore(SeedDocument seed, BearerTokenIssuer issuer, TimeProvider time)
    {
        this.seed = seed;
        Tokens = new ApiTokenStore(issuer, time);
        Reset();
    }

    public ApiTokenStore Tokens { get; }

    public UserDirectory Users { get; } = new();

    public AssetStore Assets { get; } = new();

    public void Reset()
    {
        List<AssetEntry> assets = [.. seed.Personas.Select(PersonaFromSeed), .. seed.Connections.Select(ConnectionFromSeed), .. seed.Collections.Select(CollectionFromSeed)];
        Assets.Load(assets);
        Users.Load(seed.Users.Select(user => new UserEntry
        {
            Id = user.Id,
            Username = user.Username,
            Email = user.Email,
            FirstName = user.FirstName,
            LastName = user.LastName,
            Role = user.Role,
            Groups = user.Groups.ToList(),
            CreatedTimestamp = user.CreatedTimestamp,
        }));
        Tokens.Load(seed.ApiTokens.Select(token => new ApiTokenEntry
        {
            Id = token.Id,
            ClientId = token.ClientId,
            DisplayName = token.DisplayName,
            Description = token.Description,
            Personas = ResolvePersonas(token.PersonaQualifiedNames, out string? unknown)
                ?? throw new InvalidOperationException($"Seed token '{token.DisplayName}' refers to unknown persona '{unknown}'."),
            CreatedAtMs = token.CreatedAt,
            CreatedBy = token.CreatedBy,
            ValiditySeconds = token.ValiditySeconds,
            AccessToken = token.AccessToken,
            Role = token.Role,
        }));
    }

    /// <summary>Maps qualified names to active personas (duplicates collapsed); null with the first unknown name if any is unknown.</summary>
    public IReadOnlyList<PersonaLink>? ResolvePersonas(IEnumerable<string> qualifiedNames, out string? unknown)
    {
        string? firstUnknown = null;
        List<PersonaLink>? links = Assets.Use(assets =>
        {
            var found = new List<PersonaLink>();
            foreach (string qualifiedName in qualifiedNames.Distinct(StringComparer.Ordinal))
            {
                AssetEntry? persona = assets.FirstOrDefault(asset => asset.IsActive
                    && asset.TypeName == PersonaType
                    && string.Equals(asset.QualifiedName, qualifiedName, StringComparison.Ordinal));
                if (persona is null)
                {
                    firstUnknown = qualifiedName;
                    return null;
                }

                found.Add(new PersonaLink(persona.Guid, persona.Name, persona.QualifiedName));
            }

            return found;
        });
        unknown = firstUnknown;
        return links;
    }

    /// <summary>True for a human username or the username of an existing API token.</summary>
    public bool IsKnownUsername(string username) =>
        Users.FindByUsername(username) is not null || Tokens.FindByUsername(username) is not null;

    private static AssetEntry PersonaFromSeed(SeedPersona persona) => NewAsset(persona.Guid, PersonaType, AssetEntry.Active, new JsonObject
    {
        ["name"] = persona.Name,
        ["qualifiedName"] = persona.QualifiedName,
        ["displayName"] = persona.Name,
        ["description"] = persona.Description,
        ["isAccessControlEnabled"] = true,
    });

    private static AssetEntry ConnectionFromSeed(SeedConnection connection) => NewAsset(connection.Guid, ConnectionType, connection.Status, new JsonObject
    {
        ["name"] = connection.Name,
        ["qualifiedName"] = connection.QualifiedName,
        ["connectorName"] = connection.ConnectorName,
        ["adminUsers"] = StringArray(connection.AdminUsers),
        ["adminGroups"] = StringArray(connection.AdminGroups),
        ["adminRoles"] = StringArray(connection.AdminRoles),
        ["viewerUsers"] = new JsonArray(),
        ["viewerGroups"] = new JsonArray(),
    });

    private static AssetEntry CollectionFromSeed(SeedCollection collection) => NewAsset(collection.Guid, CollectionType, collection.Status, new JsonObject
    {
        ["name"] = collection.Name,
        ["qualifiedName"] = collection.QualifiedName,
        ["adminUsers"] = StringArray(collection.AdminUsers),
        ["adminGroups"] = StringArray(collection.AdminGroups),
        ["adminRoles"] = new JsonArray(),
        ["viewerUsers"] = StringArray(collection.ViewerUsers),
        ["viewerGroups"] = StringArray(collection.ViewerGroups),
    });

    private static AssetEntry NewAsset(string guid, string typeName, string status, JsonObject attributes)
    {
        if (status is not (AssetEntry.Active or AssetEntry.Deleted))
        {
            throw new InvalidOperationException($"Seed asset '{guid}' has status '{status}'; use ACTIVE or DELETED.");
        }

        const long seededAt = 1700000000000;
        return new AssetEntry
        {
            Guid = guid,
            TypeName = typeName,
            Attributes = attributes,
            Status = status,
            CreatedBy = "emulator",
            UpdatedBy = "emulator",
            CreateTime = seededAt,
            UpdateTime = seededAt,
        };
    }

    public static JsonArray StringArray(IEnumerable<string> values) => new([.. values.Select(value => (JsonNode?)JsonValue.Create(value))]);
}
