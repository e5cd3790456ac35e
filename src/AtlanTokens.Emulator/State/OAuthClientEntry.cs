namespace AtlanTokens.Emulator.State;

/// <summary>An OAuth client (Admin > API access > OAuth): exchanges its id and secret for short-lived bearers.</summary>
internal sealed record OAuthClientEntry
{
    public const string ClientIdPrefix = "oauth-client-";

    /// <summary>What a real tenant's OAuth clients default to (atlan-java: tokenExpirySeconds).</summary>
    public const int DefaultTokenExpirySeconds = 600;

    public required string Id { get; init; }

    public required string ClientId { get; init; }

    public required string ClientSecret { get; init; }

    public required string DisplayName { get; init; }

    public required string Role { get; init; }

    /// <summary>Lifetime of each bearer the client exchanges for.</summary>
    public required int TokenExpirySeconds { get; init; }

    public required long CreatedAtMs { get; init; }

    /// <summary>Bumped to revoke every bearer handed out so far (they carry the generation they were minted in).</summary>
    public int Generation { get; init; }

    /// <summary>Keycloak names a client's service account service-account-&lt;clientId&gt;, as for API tokens.</summary>
    public string Username => ApiTokenEntry.UsernamePrefix + ClientId;
}
