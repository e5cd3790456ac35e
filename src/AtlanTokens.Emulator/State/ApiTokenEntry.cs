using System.Collections.Generic;

namespace AtlanTokens.Emulator.State;

/// <summary>An API token as the tenant stores it. Immutable: an update replaces the entry, so readers never see half an update.</summary>
internal sealed record ApiTokenEntry
{
    public const string UsernamePrefix = "service-account-";
    public const string DefaultRole = "$api-token-default-access";

    public required string Id { get; init; }

    public required string ClientId { get; init; }

    public required string DisplayName { get; init; }

    public required string Description { get; init; }

    public required IReadOnlyList<PersonaLink> Personas { get; init; }

    public required long CreatedAtMs { get; init; }

    public required string CreatedBy { get; init; }

    public required long ValiditySeconds { get; init; }

    public required string AccessToken { get; init; }

    public required string Role { get; init; }

    public string Username => UsernamePrefix + ClientId;

    public long ExpiresAtSeconds => (CreatedAtMs / 1000) + ValiditySeconds;
}
