using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AtlanTokens.Emulator.State;

/// <summary>The seed file: the tenant's starting state. Unknown keys are rejected so a typo never goes unnoticed.</summary>
internal sealed class SeedDocument
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNameCaseInsensitive = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public List<SeedApiToken> ApiTokens { get; init; } = [];

    public List<SeedUser> Users { get; init; } = [];

    public List<SeedPersona> Personas { get; init; } = [];

    public List<SeedConnection> Connections { get; init; } = [];

    public List<SeedCollection> Collections { get; init; } = [];

    [JsonPropertyName("oauthClients")]
    public List<SeedOAuthClient> OAuthClients { get; init; } = [];

    public static SeedDocument Load(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<SeedDocument>(stream, Options)
            ?? throw new InvalidDataException($"Seed file '{path}' is empty.");
    }
}

internal sealed class SeedApiToken
{
    public required string Id { get; init; }

    public required string ClientId { get; init; }

    public required string DisplayName { get; init; }

    public string Description { get; init; } = string.Empty;

    public required string AccessToken { get; init; }

    public string Role { get; init; } = ApiTokenEntry.DefaultRole;

    public long ValiditySeconds { get; init; } = 409968000;

    public required long CreatedAt { get; init; }

    public string CreatedBy { get; init; } = "emulator";

    public List<string> PersonaQualifiedNames { get; init; } = [];
}

internal sealed class SeedUser
{
    public required string Id { get; init; }

    public required string Username { get; init; }

    public required string Email { get; init; }

    public required string FirstName { get; init; }

    public required string LastName { get; init; }

    public required string Role { get; init; }

    public List<string> Groups { get; init; } = [];

    public long CreatedTimestamp { get; init; } = 1700000000000;
}

internal sealed class SeedPersona
{
    public required string Guid { get; init; }

    public required string Name { get; init; }

    public required string QualifiedName { get; init; }

    public string Description { get; init; } = string.Empty;
}

internal sealed class SeedConnection
{
    public required string Guid { get; init; }

    public required string Name { get; init; }

    public required string ConnectorName { get; init; }

    public required string QualifiedName { get; init; }

    public List<string> AdminUsers { get; init; } = [];

    public List<string> AdminGroups { get; init; } = [];

    public List<string> AdminRoles { get; init; } = [];

    public string Status { get; init; } = AssetEntry.Active;
}

internal sealed class SeedCollection
{
    public required string Guid { get; init; }

    public required string Name { get; init; }

    public required string QualifiedName { get; init; }

    public List<string> AdminUsers { get; init; } = [];

    public List<string> ViewerUsers { get; init; } = [];

    public List<string> AdminGroups { get; init; } = [];

    public List<string> ViewerGroups { get; init; } = [];

    public string Status { get; init; } = AssetEntry.Active;
}

internal sealed class SeedOAuthClient
{
    public required string Id { get; init; }

    public required string ClientId { get; init; }

    public required string ClientSecret { get; init; }

    public required string DisplayName { get; init; }

    public string Role { get; init; } = "$admin";

    public int TokenExpirySeconds { get; init; } = OAuthClientEntry.DefaultTokenExpirySeconds;

    public long CreatedAt { get; init; } = 1704067200000;
}
