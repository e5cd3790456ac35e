namespace AtlanTokens.Emulator.State;

/// <summary>Exact, case-sensitive matches; a null key matches everything; several keys are ANDed.</summary>
internal sealed record TokenFilter(string? DisplayName, string? ClientId, string? Id)
{
    public static readonly TokenFilter None = new(null, null, null);

    public bool Matches(ApiTokenEntry token) =>
        (DisplayName is null || string.Equals(token.DisplayName, DisplayName, System.StringComparison.Ordinal))
        && (ClientId is null || string.Equals(token.ClientId, ClientId, System.StringComparison.Ordinal))
        && (Id is null || string.Equals(token.Id, Id, System.StringComparison.Ordinal));
}
