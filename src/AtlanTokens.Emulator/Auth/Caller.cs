using System.Collections.Generic;
using AtlanTokens.Emulator.State;

namespace AtlanTokens.Emulator.Auth;

/// <summary>Who made an authenticated request: an API token (its own actor) or a human user holding a bearer token.</summary>
internal sealed class Caller
{
    public const string AdminRole = "$admin";

    private Caller(string id, string username, string email, string role, IReadOnlyList<string> groups, long createdTimestamp, string? firstName, string? lastName, bool isApiToken)
    {
        Id = id;
        Username = username;
        Email = email;
        Role = role;
        Groups = groups;
        CreatedTimestamp = createdTimestamp;
        FirstName = firstName;
        LastName = lastName;
        IsApiToken = isApiToken;
    }

    public string Id { get; }

    public string Username { get; }

    public string Email { get; }

    public string Role { get; }

    public IReadOnlyList<string> Groups { get; }

    public long CreatedTimestamp { get; }

    public string? FirstName { get; }

    public string? LastName { get; }

    /// <summary>A service account (an API token or an OAuth client): an actor of its own, not a human user.</summary>
    public bool IsApiToken { get; }

    public bool IsAdmin => Role == AdminRole;

    public static Caller ForApiToken(ApiTokenEntry token) =>
        new(token.Id, token.Username, $"{token.ClientId}@atlan.com", token.Role, [], token.CreatedAtMs, null, null, isApiToken: true);

    /// <summary>An OAuth client acts through its service account, like an API token (no first or last name).</summary>
    public static Caller ForOAuthClient(OAuthClientEntry client) =>
        new(client.Id, client.Username, $"{client.ClientId}@atlan.com", client.Role, [], client.CreatedAtMs, null, null, isApiToken: true);

    public static Caller ForUser(UserEntry user) =>
        new(user.Id, user.Username, user.Email, user.Role, user.Groups, user.CreatedTimestamp, user.FirstName, user.LastName, isApiToken: false);
}
