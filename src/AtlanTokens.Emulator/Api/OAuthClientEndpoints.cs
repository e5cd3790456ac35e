using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AtlanTokens.Emulator.Errors;
using AtlanTokens.Emulator.Hosting;
using AtlanTokens.Emulator.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AtlanTokens.Emulator.Api;

/// <summary>
/// POST /api/service/oauth-clients/token: an OAuth client's id and secret for a short-lived bearer (contract, "OAuth
/// clients"). The only API path that takes no bearer: the body authenticates.
/// </summary>
internal static class OAuthClientEndpoints
{
    public const string TokenPath = "/api/service/oauth-clients/token";

    public static bool IsUnauthenticated(PathString path) =>
        path.Equals(TokenPath, System.StringComparison.Ordinal) || path.Equals(TokenPath + "/", System.StringComparison.Ordinal);

    public static void Map(IEndpointRouteBuilder routes, EmulatorServices services) =>
        routes.MapPost(TokenPath, context => ExchangeAsync(context, services));

    private static async Task ExchangeAsync(HttpContext context, EmulatorServices services)
    {
        JsonObject body = await RequestJson.ReadObjectAsync(context);
        string clientId = RequestJson.RequireString(body, "clientId");
        string clientSecret = RequestJson.RequireString(body, "clientSecret");
        OAuthClientEntry? client = services.Store.OAuthClients.FindByClientId(clientId);

        // One answer for an unknown id and a wrong secret, as an identity provider gives: nothing tells which was wrong.
        if (client is null || !SameSecret(client.ClientSecret, clientSecret))
        {
            throw new ServiceRefusalException(StatusCodes.Status401Unauthorized, 11, "Invalid client credentials: the OAuth client id or secret is wrong.", "clientSecret", "invalid_client");
        }

        long now = services.Time.GetUtcNow().ToUnixTimeSeconds();
        string bearer = services.Issuer.MintOAuthClientToken(client.Id, client.ClientId, client.Generation, now, now + client.TokenExpirySeconds);
        await JsonResponse.WriteAsync(context, new JsonObject
        {
            ["accessToken"] = bearer,
            ["tokenType"] = "Bearer",
            ["expiresIn"] = client.TokenExpirySeconds,
            ["scope"] = "openid profile email",
        });
    }

    private static bool SameSecret(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));
}
