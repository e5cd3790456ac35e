using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AtlanTokens.Emulator.Auth;
using AtlanTokens.Emulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AtlanTokens.Emulator.Api;

/// <summary>GET /api/service/users/current (contract §2).</summary>
internal static class UserEndpoints
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/service/users/current", CurrentAsync);

    private static Task CurrentAsync(HttpContext context)
    {
        Caller caller = CallerContext.Get(context);
        var user = new JsonObject
        {
            ["id"] = caller.Id,
            ["username"] = caller.Username,
            ["email"] = caller.Email,
            ["emailVerified"] = true,
            ["enabled"] = true,
        };

        // Keycloak service-account users have no first or last name, so the real API omits them for API tokens.
        if (!caller.IsApiToken)
        {
            user["firstName"] = caller.FirstName;
            user["lastName"] = caller.LastName;
        }

        user["attributes"] = new JsonObject();
        user["createdTimestamp"] = caller.CreatedTimestamp;
        return JsonResponse.WriteAsync(context, user);
    }
}
