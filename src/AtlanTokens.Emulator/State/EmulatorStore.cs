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

    public const string DefaultTenantId = "default";

    private readonly SeedDocument seed;

    /// <summary>Seed secrets replaced for this instance (seed id → fresh access token or client secret); kept across resets unless renewed.</summary>
    private readonly Dictionary<string, string> freshSecrets = new(StringComparer.Ordinal);

    /// <param name="keepSeedKeys">
    /// False (a normal start): the key of every $admin API token and the secret of every OAuth client of the seed are
    /// replaced by fresh random ones for this instance, so no key printed in a package or a file opens a running emulator. True: the seed's own
    /// values, for tests that pin them.
    /// </param>
    public EmulatorStore(SeedDocument seed, BearerTokenIssuer issuer, TimeProvider time, string tenantId = DefaultTenantId, bool keepSeedKeys = true)
    {
        this.seed = seed;
        this.issuer = issuer;
        KeepsSeedKeys = keepSeedKeys;
        TenantId = tenantId;
        Tokens = new ApiTokenStore(issuer, time);
        if (!keepSeedKeys)
        {
            RenewSeedSecrets();
        }

        Reset();
    }

    private readonly BearerTokenIssuer issuer;

    /// <summary>Whether this instance uses the seed's own admin key and client secrets (--keep-seed-keys).</summary>
    public bool KeepsSeedKeys { get; }

    /// <summary>
    /// Fresh random keys for the seed's $admin API tokens and secrets for its OAuth clients (the other seeded tokens, a
    /// test's fixtures, keep theirs). They take effect at the next <see cref="Reset"/>; the old ones stop working then.
    /// </summary>
    public void RenewSeedSecrets()
    {
        foreach (SeedApiToken token in seed.ApiTokens.Where(token => token.Role == Caller.AdminRole))
        {
            freshSecrets[token.Id] = issuer.MintApiTokenAccessToken(token.Id, token.ClientId, token.CreatedAt / 1000, (token.CreatedAt / 1000) + token.ValiditySeconds);
        }

        foreach (SeedOAuthClient client in seed.OAuthClients)
        {
            freshSecrets[client.Id] = OAuthClientStore.NewSecret();
        }
    }

    /// <summary>The access token of the seed's first $admin API token, as this instance accepts it (null when the seed has none).</summary>
    public string? AdminAccessToken => seed.ApiTokens.FirstOrDefault(token => token.Role == Caller.AdminRole) is SeedApiToken admin
        ? freshSecrets.GetValueOrDefault(admin.Id, admin.AccessToken)
        : null;

    public OAuthClientStore OAuthClients { get; } = new();

    /// <summary>The tenant's id: the first segment of every persona, connection and collection qualified name.</summary>
    public string TenantId { get; }

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
            Personas = ResolvePersonas(token.PersonaQualifiedNames.Select(InTenant), out string? unknown)
                ?? throw new InvalidOperationException($"Seed token '{token.DisplayName}' refers to unknown persona '{unknown}'."),
            CreatedAtMs = token.CreatedAt,
            CreatedBy = token.CreatedBy,
            ValiditySeconds = token.ValiditySeconds,
            AccessToken = freshSecrets.TryGetValue(token.Id, out string? fresh) ? fresh : token.AccessToken,
            Role = token.Role,
        }));
        OAuthClients.Load(seed.OAuthClients.Select(client => new OAuthClientEntry
        {
            Id = client.Id,
            ClientId = client.ClientId,
            ClientSecret = freshSecrets.TryGetValue(client.Id, out string? fresh) ? fresh : client.ClientSecret,
            DisplayName = client.DisplayName,
            Role = client.Role,
            TokenExpirySeconds = client.TokenExpirySeconds,
            CreatedAtMs = client.CreatedAt,
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

    private AssetEntry PersonaFromSeed(SeedPersona persona) => NewAsset(persona.Guid, PersonaType, AssetEntry.Active, new JsonObject
    {
        ["name"] = persona.Name,
        ["qualifiedName"] = InTenant(persona.QualifiedName),
        ["displayName"] = persona.Name,
        ["description"] = persona.Description,
        ["isAccessControlEnabled"] = true,
    });

    private AssetEntry ConnectionFromSeed(SeedConnection connection) => NewAsset(connection.Guid, ConnectionType, connection.Status, new JsonObject
    {
        ["name"] = connection.Name,
        ["qualifiedName"] = InTenant(connection.QualifiedName),
        ["connectorName"] = connection.ConnectorName,
        ["adminUsers"] = StringArray(connection.AdminUsers),
        ["adminGroups"] = StringArray(connection.AdminGroups),
        ["adminRoles"] = StringArray(connection.AdminRoles),
        ["viewerUsers"] = new JsonArray(),
        ["viewerGroups"] = new JsonArray(),
    });

    private AssetEntry CollectionFromSeed(SeedCollection collection) => NewAsset(collection.Guid, CollectionType, collection.Status, new JsonObject
    {
        ["name"] = collection.Name,
        ["qualifiedName"] = InTenant(collection.QualifiedName),
        ["adminUsers"] = StringArray(collection.AdminUsers),
        ["adminGroups"] = StringArray(collection.AdminGroups),
        ["adminRoles"] = new JsonArray(),
        ["viewerUsers"] = StringArray(collection.ViewerUsers),
        ["viewerGroups"] = StringArray(collection.ViewerGroups),
    }, CollectionCreator(collection.QualifiedName));

    /// <summary>The seed's qualified names are written for the tenant 'default'; another tenant id replaces that first segment.</summary>
    public string InTenant(string qualifiedName) =>
        TenantId != DefaultTenantId && qualifiedName.StartsWith(DefaultTenantId + "/", StringComparison.Ordinal)
            ? TenantId + qualifiedName[DefaultTenantId.Length..]
            : qualifiedName;

    /// <summary>A query collection's creator: Atlan names collections '&lt;tenant&gt;/collection/&lt;creator&gt;/&lt;uuid&gt;'.</summary>
    private static string CollectionCreator(string qualifiedName)
    {
        string[] parts = qualifiedName.Split('/');
        return parts.Length >= 4 && parts[1] == "collection" ? parts[2] : "emulator";
    }

    private static AssetEntry NewAsset(string guid, string typeName, string status, JsonObject attributes, string createdBy = "emulator")
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
            CreatedBy = createdBy,
            UpdatedBy = createdBy,
            CreateTime = seededAt,
            UpdateTime = seededAt,
        };
    }

    public static JsonArray StringArray(IEnumerable<string> values) => new([.. values.Select(value => (JsonNode?)JsonValue.Create(value))]);
}
