using System;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AtlanTokens.Emulator.Auth;

/// <summary>Mints and verifies JWT-shaped bearer tokens (HS256) with a key that lives only as long as this emulator instance.</summary>
internal sealed class BearerTokenIssuer
{
    private static readonly string EncodedHeader = Base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"u8);

    private readonly byte[] signingKey = RandomNumberGenerator.GetBytes(32);

    public string MintUserToken(string userId, string username, long issuedAt, long expiresAt) =>
        Mint(new JsonObject
        {
            ["sub"] = userId,
            ["preferred_username"] = username,
            ["iat"] = issuedAt,
            ["exp"] = expiresAt,
            ["azp"] = "atlan-frontend",
            ["typ"] = "Bearer",
            ["jti"] = Guid.NewGuid().ToString(),
        });

    public string MintApiTokenAccessToken(string tokenId, string clientId, long issuedAt, long expiresAt) =>
        Mint(new JsonObject
        {
            ["sub"] = tokenId,
            ["preferred_username"] = "service-account-" + clientId,
            ["iat"] = issuedAt,
            ["exp"] = expiresAt,
            ["azp"] = clientId,
            ["typ"] = "Bearer",
            ["jti"] = Guid.NewGuid().ToString(),
        });

    /// <summary>A bearer for an OAuth client's service account (what the token exchange hands out).</summary>
    public string MintOAuthClientToken(string id, string clientId, int generation, long issuedAt, long expiresAt) =>
        Mint(new JsonObject
        {
            ["sub"] = id,
            ["preferred_username"] = "service-account-" + clientId,
            ["iat"] = issuedAt,
            ["exp"] = expiresAt,
            ["azp"] = clientId,
            ["typ"] = "Bearer",
            ["gen"] = generation,
            ["jti"] = Guid.NewGuid().ToString(),
        });

    /// <summary>Returns the payload of a token whose signature this instance made, or null for anything else.</summary>
    public JsonObject? ReadVerifiedPayload(string token)
    {
        string[] parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != EncodedHeader)
        {
            return null;
        }

        byte[] expected = Sign(parts[0] + "." + parts[1]);
        byte[] actual;
        try
        {
            actual = Convert.FromBase64String(ToStandardBase64(parts[2]));
        }
        catch (FormatException)
        {
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(Convert.FromBase64String(ToStandardBase64(parts[1]))) as JsonObject;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    private string Mint(JsonObject payload)
    {
        string unsigned = EncodedHeader + "." + Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return unsigned + "." + Base64Url(Sign(unsigned));
    }

    private byte[] Sign(string unsigned) => HMACSHA256.HashData(signingKey, Encoding.ASCII.GetBytes(unsigned));

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string ToStandardBase64(string base64Url)
    {
        string text = base64Url.Replace('-', '+').Replace('_', '/');
        return (text.Length % 4) switch
        {
            2 => text + "==",
            3 => text + "=",
            _ => text,
        };
    }
}
