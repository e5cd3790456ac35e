using System;
using System.Text.Json.Nodes;
using AtlanTokens.Emulator.Errors;
using AtlanTokens.Emulator.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace AtlanTokens.Emulator.Auth;

/// <summary>Resolves the bearer token of an API request to a caller, or refuses it with 401 (never echoing the token).</summary>
internal sealed class Authenticator
{
    private readonly EmulatorStore store;
    private readonly BearerTokenIssuer issuer;
    private readonly TimeProvider time;

    public Authenticator(EmulatorStore store, BearerTokenIssuer issuer, TimeProvider time)
    {
        this.store = store;
        this.issuer = issuer;
        this.time = time;
    }

    public static string? SchemeOf(HttpRequest request)
    {
        StringValues header = request.Headers.Authorization;
        if (header.Count == 0 || string.IsNullOrWhiteSpace(header[0]))
        {
            return null;
        }

        string value = header[0]!.Trim();
        int space = value.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? value : value[..space];
    }

    public Caller Authenticate(HttpRequest request)
    {
        StringValues header = request.Headers.Authorization;
        if (header.Count != 1 || string.IsNullOrWhiteSpace(header[0]))
        {
            throw Unauthorized("No bearer token was sent: the Authorization header is missing.");
        }

        string value = header[0]!;
        const string scheme = "Bearer ";
        if (!value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw Unauthorized("The Authorization header must use the Bearer scheme.");
        }

        string token = value[scheme.Length..].Trim();
        if (token.Length == 0)
        {
            throw Unauthorized("The bearer token is empty.");
        }

        long now = time.GetUtcNow().ToUnixTimeSeconds();
        ApiTokenEntry? apiToken = store.Tokens.FindByAccessToken(token);
        if (apiToken is not null)
        {
            if (apiToken.ExpiresAtSeconds < now)
            {
                throw Unauthorized("The API token has expired.");
            }

            return Caller.ForApiToken(apiToken);
        }

        JsonObject? payload = issuer.ReadVerifiedPayload(token);
        if (payload is null)
        {
            throw Unauthorized("The bearer token is not valid: it is unknown, revoked or has been tampered with.");
        }

        if (payload["exp"] is not JsonValue exp || !exp.TryGetValue(out long expiresAt) || expiresAt < now)
        {
            throw Unauthorized("The bearer token has expired; log in again to obtain a new one.");
        }

        string? userId = payload["sub"] is JsonValue sub && sub.TryGetValue(out string? text) ? text : null;
        UserEntry? user = userId is null ? null : store.Users.FindById(userId);
        if (user is null && userId is not null && store.OAuthClients.FindById(userId) is OAuthClientEntry client)
        {
            int generation = payload["gen"] is JsonValue gen && gen.TryGetValue(out int minted) ? minted : -1;
            return generation == client.Generation
                ? Caller.ForOAuthClient(client)
                : throw Unauthorized("The bearer token was revoked; exchange the client credentials for a new one.");
        }

        if (user is null)
        {
            // A signed API-token access token whose token was deleted lands here too: revoked.
            throw Unauthorized("The bearer token is not valid: it is unknown, revoked or has been tampered with.");
        }

        return Caller.ForUser(user);
    }

    private static ServiceRefusalException Unauthorized(string message) =>
        new(StatusCodes.Status401Unauthorized, 1, message, "Authorization", "Unauthorized");
}
