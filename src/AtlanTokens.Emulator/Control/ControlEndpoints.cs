using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using AtlanTokens.Emulator.Api;
using AtlanTokens.Emulator.Errors;
using AtlanTokens.Emulator.Faults;
using AtlanTokens.Emulator.Hosting;
using AtlanTokens.Emulator.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AtlanTokens.Emulator.Control;

/// <summary>Test control API under /_emulator: no auth, loopback callers only (enforced by <see cref="Hosting.ControlGuardMiddleware"/>).</summary>
internal static class ControlEndpoints
{
    public const int MaxBulkTokens = 1_000_000;

    public static void Map(IEndpointRouteBuilder routes, EmulatorServices services)
    {
        RouteGroupBuilder group = routes.MapGroup("/_emulator");
        group.MapPost("/faults", context => AddFaultAsync(context, services));
        group.MapGet("/faults", context => JsonResponse.WriteAsync(context, new JsonArray([.. services.Faults.List().Select(rule => (JsonNode?)rule.ToJson())])));
        group.MapDelete("/faults", context =>
        {
            services.Faults.Clear();
            return JsonResponse.WriteAsync(context, new JsonObject { ["cleared"] = true });
        });

        group.MapPost("/ratelimit", async context =>
        {
            JsonObject body = await RequestJson.ReadObjectAsync(context, requireJsonContentType: false);
            int requests = body["requests"] is null ? ReadInt(body, "requestsPerMinute", null, min: 0) : ReadInt(body, "requests", null, min: 0);
            int windowMs = ReadInt(body, "windowMs", 60_000, min: 1, max: 3_600_000);
            RateLimitShape shape = ReadShape(body);
            services.RateLimiter.Configure(requests, TimeSpan.FromMilliseconds(windowMs), shape);
            await JsonResponse.WriteAsync(context, RateLimitJson(services));
        });

        group.MapGet("/ratelimit", context => JsonResponse.WriteAsync(context, RateLimitJson(services)));

        group.MapPost("/index-lag", async context =>
        {
            JsonObject body = await RequestJson.ReadObjectAsync(context, requireJsonContentType: false);
            int milliseconds = ReadInt(body, "milliseconds", null, min: 0, max: 600_000);
            services.Store.Assets.IndexLag = TimeSpan.FromMilliseconds(milliseconds);
            await JsonResponse.WriteAsync(context, new JsonObject { ["milliseconds"] = milliseconds });
        });
        group.MapGet("/index-lag", context => JsonResponse.WriteAsync(context,
            new JsonObject { ["milliseconds"] = (int)services.Store.Assets.IndexLag.TotalMilliseconds }));

        group.MapGet("/requests", context => JsonResponse.WriteAsync(context, services.Requests.ToJson()));
        group.MapDelete("/requests", context =>
        {
            services.Requests.Clear();
            return JsonResponse.WriteAsync(context, new JsonObject { ["cleared"] = true });
        });

        group.MapGet("/state", context => JsonResponse.WriteAsync(context, StateSnapshot.Build(services.Store)));
        group.MapPost("/tokens/bulk", context => BulkCreateTokensAsync(context, services));
        group.MapPost("/users/{username}/bearer", context => MintBearerAsync(context, services));
        group.MapPost("/oauth-clients", context => CreateOAuthClientAsync(context, services));
        group.MapPost("/oauth-clients/{clientId}/revoke", context =>
        {
            string clientId = (string)context.Request.RouteValues["clientId"]!;
            return services.Store.OAuthClients.RevokeBearers(clientId)
                ? JsonResponse.WriteAsync(context, new JsonObject { ["revoked"] = true })
                : throw new ServiceRefusalException(StatusCodes.Status404NotFound, 4, $"No OAuth client '{clientId}'.", "clientId");
        });
        group.MapPost("/assets/{guid}/delete", context => SoftDeleteAsync(context, services));
        group.MapPost("/assets/{guid}/creator", context => SetCreatorAsync(context, services));

        group.MapPost("/reset", async context =>
        {
            // { "newKeys": true } also replaces the admin key and the OAuth client secrets (one emulator shared by
            // several test files, each with keys of its own); a body is optional.
            bool newKeys = false;
            if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
            {
                JsonObject body = await RequestJson.ReadObjectAsync(context, requireJsonContentType: false);
                newKeys = body["newKeys"] switch
                {
                    null => false,
                    JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
                    _ => throw ServiceRefusalException.BadRequest(3, "Field 'newKeys' must be true or false.", "newKeys"),
                };
            }

            if (newKeys && services.Store.KeepsSeedKeys)
            {
                throw ServiceRefusalException.BadRequest(3, "This emulator was started with --keep-seed-keys: its keys are the seed's and are not replaced.", "newKeys");
            }

            if (newKeys)
            {
                services.Store.RenewSeedSecrets();
            }

            services.Reset();
            services.Stats.Clear();
            var answer = new JsonObject { ["reset"] = true };
            if (newKeys)
            {
                answer["adminApiKey"] = services.Store.AdminAccessToken;
            }

            await JsonResponse.WriteAsync(context, answer);
        });
        group.MapGet("/stats", context => JsonResponse.WriteAsync(context, new JsonObject
        {
            ["connectionsAccepted"] = services.Stats.ConnectionsAccepted,
            ["requests"] = services.Stats.Requests,
        }));
        group.MapDelete("/stats", context =>
        {
            services.Stats.Clear();
            return JsonResponse.WriteAsync(context, new JsonObject { ["cleared"] = true });
        });
        group.MapPost("/shutdown", context =>
        {
            IHostApplicationLifetime lifetime = context.RequestServices.GetRequiredService<IHostApplicationLifetime>();
            context.Response.OnCompleted(() =>
            {
                lifetime.StopApplication();
                return Task.CompletedTask;
            });
            return JsonResponse.WriteAsync(context, new JsonObject { ["stopping"] = true });
        });
    }

    private static async Task AddFaultAsync(HttpContext context, EmulatorServices services)
    {
        JsonObject body = await RequestJson.ReadObjectAsync(context, requireJsonContentType: false);
        string kindText = RequestJson.RequireString(body, "kind");
        if (!Enum.TryParse(kindText, ignoreCase: true, out FaultKind kind) || !Enum.IsDefined(kind) || int.TryParse(kindText, out _))
        {
            throw ServiceRefusalException.BadRequest(40, $"Unknown fault kind '{kindText}'; use one of {string.Join(", ", Enum.GetNames<FaultKind>().Select(JsonNamingPolicy.CamelCase.ConvertName))}.", "kind");
        }

        string? pathPattern = OptionalString(body, "pathPattern");
        Regex? regex = null;
        if (pathPattern is not null)
        {
            try
            {
                regex = new Regex(pathPattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException)
            {
                throw ServiceRefusalException.BadRequest(40, $"pathPattern '{pathPattern}' is not a valid regular expression.", "pathPattern");
            }
        }

        var rule = new FaultRule
        {
            Id = services.Faults.NextId(),
            Kind = kind,
            Method = OptionalString(body, "method")?.ToUpperInvariant(),
            PathPattern = pathPattern,
            PathRegex = regex,
            Status = body["status"] is null ? null : ReadInt(body, "status", null, min: 100, max: 599),
            DelayMs = ReadInt(body, "delayMs", 0, min: 0),
            RetryAfterSeconds = ReadInt(body, "retryAfterSeconds", 1, min: 0),
            RemainingTimes = ReadInt(body, "times", 1, min: 0),
            RemainingSkip = ReadInt(body, "skip", 0, min: 0),
            Body = OptionalString(body, "body"),
            SizeMb = ReadInt(body, "sizeMb", 1024, min: 1, max: 64 * 1024),
        };
        services.Faults.Add(rule);
        await JsonResponse.WriteAsync(context, rule.ToJson());
    }

    private static async Task BulkCreateTokensAsync(HttpContext context, EmulatorServices services)
    {
        JsonObject body = await RequestJson.ReadObjectAsync(context, requireJsonContentType: false);
        int count = ReadInt(body, "count", null, min: 1, max: MaxBulkTokens);
        string prefix = OptionalString(body, "prefix") ?? "load-";
        IReadOnlyList<string> qualifiedNames = body.ContainsKey("personaQualifiedNames") ? RequestJson.RequireStringArray(body, "personaQualifiedNames") : [];
        IReadOnlyList<PersonaLink> personas = services.Store.ResolvePersonas(qualifiedNames, out string? unknown)
            ?? throw ServiceRefusalException.BadRequest(6, $"Persona '{unknown}' does not exist.", "personaQualifiedNames");
        services.Store.Tokens.CreateMany(count, prefix, personas, "emulator");
        await JsonResponse.WriteAsync(context, new JsonObject { ["count"] = count });
    }

    private static async Task MintBearerAsync(HttpContext context, EmulatorServices services)
    {
        string username = (string)context.Request.RouteValues["username"]!;
        UserEntry user = services.Store.Users.FindByUsername(username)
            ?? throw new ServiceRefusalException(StatusCodes.Status404NotFound, 3, $"No user '{username}' in the seed.", "username");
        int expiresIn = 3600;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            JsonObject body = await RequestJson.ReadObjectAsync(context, requireJsonContentType: false);
            expiresIn = ReadInt(body, "expiresInSeconds", 3600, min: int.MinValue);
        }

        long now = services.Time.GetUtcNow().ToUnixTimeSeconds();
        long exp = now + expiresIn;
        string token = services.Issuer.MintUserToken(user.Id, user.Username, now, exp);
        await JsonResponse.WriteAsync(context, new JsonObject { ["token"] = token, ["exp"] = exp });
    }

    /// <summary>A new OAuth client with the bearer lifetime a test needs; the answer is the only place its secret appears.</summary>
    private static async Task CreateOAuthClientAsync(HttpContext context, EmulatorServices services)
    {
        JsonObject body = await RequestJson.ReadObjectAsync(context, requireJsonContentType: false);
        string displayName = OptionalString(body, "displayName") ?? "emulator-oauth-client";
        string role = OptionalString(body, "role") ?? Auth.Caller.AdminRole;
        int lifetime = ReadInt(body, "tokenExpirySeconds", OAuthClientEntry.DefaultTokenExpirySeconds, min: 1, max: 86_400);
        OAuthClientEntry client = services.Store.OAuthClients.Create(displayName, role, lifetime, services.Time.GetUtcNow().ToUnixTimeMilliseconds());
        await JsonResponse.WriteAsync(context, new JsonObject
        {
            ["id"] = client.Id,
            ["clientId"] = client.ClientId,
            ["clientSecret"] = client.ClientSecret,
            ["displayName"] = client.DisplayName,
            ["role"] = client.Role,
            ["tokenExpirySeconds"] = client.TokenExpirySeconds,
            ["username"] = client.Username,
        });
    }

    private static Task SoftDeleteAsync(HttpContext context, EmulatorServices services)
    {
        string guid = (string)context.Request.RouteValues["guid"]!;
        JsonObject? deleted = services.Store.Assets.Use(assets =>
        {
            AssetEntry? asset = assets.FirstOrDefault(candidate => candidate.Guid == guid);
            if (asset is null)
            {
                return null;
            }

            asset.Status = AssetEntry.Deleted;
            asset.UpdateTime = services.Time.GetUtcNow().ToUnixTimeMilliseconds();
            return AssetJson.Render(asset, requestedAttributes: null);
        });
        return deleted is null
            ? throw new ServiceRefusalException(StatusCodes.Status404NotFound, 2, $"No asset with guid '{guid}'.", "guid")
            : JsonResponse.WriteAsync(context, deleted);
    }

    /// <summary>
    /// Makes a user or API token the creator of an asset, as if it had created it (an API token can create a
    /// collection): __createdBy is set and the creator joins adminUsers, as QueryCollectionPreProcessor does on create.
    /// </summary>
    private static async Task SetCreatorAsync(HttpContext context, EmulatorServices services)
    {
        string guid = (string)context.Request.RouteValues["guid"]!;
        JsonObject body = await RequestJson.ReadObjectAsync(context, requireJsonContentType: false);
        string username = RequestJson.RequireString(body, "username");
        if (!services.Store.IsKnownUsername(username))
        {
            throw ServiceRefusalException.BadRequest(31, $"No user or API token '{username}' exists.", "username");
        }

        JsonObject? updated = services.Store.Assets.Use(assets =>
        {
            AssetEntry? asset = assets.FirstOrDefault(candidate => candidate.Guid == guid);
            if (asset is null)
            {
                return null;
            }

            asset.CreatedBy = username;
            IReadOnlyList<string> admins = asset.GetStringList("adminUsers");
            if (!admins.Contains(username, StringComparer.Ordinal))
            {
                asset.Attributes["adminUsers"] = EmulatorStore.StringArray([.. admins, username]);
                asset.QueueIndex(services.Time.GetUtcNow(), services.Store.Assets.IndexLag);
            }

            return AssetJson.Render(asset, requestedAttributes: null);
        });
        await (updated is null
            ? throw new ServiceRefusalException(StatusCodes.Status404NotFound, 2, $"No asset with guid '{guid}'.", "guid")
            : JsonResponse.WriteAsync(context, updated));
    }

    private static string? OptionalString(JsonObject body, string key) =>
        body[key] is null ? null : RequestJson.AsString(body[key]!, key, key);

    private static JsonObject RateLimitJson(EmulatorServices services) => new()
    {
        ["requests"] = services.RateLimiter.Limit,
        ["windowMs"] = (int)services.RateLimiter.Window.TotalMilliseconds,
        ["shape"] = JsonNamingPolicy.CamelCase.ConvertName(services.RateLimiter.Shape.ToString()),
        ["refused"] = services.RateLimiter.Refused,
        ["requestsPerMinute"] = (int)Math.Round(services.RateLimiter.Limit * 60_000.0 / services.RateLimiter.Window.TotalMilliseconds),
    };

    private static RateLimitShape ReadShape(JsonObject body)
    {
        JsonNode? node = body["shape"];
        if (node is null)
        {
            return RateLimitShape.Bucket;
        }

        return node is JsonValue value && value.TryGetValue(out string? text) && Enum.TryParse(text, ignoreCase: true, out RateLimitShape shape) && Enum.IsDefined(shape) && !int.TryParse(text, out _)
            ? shape
            : throw ServiceRefusalException.BadRequest(3, "Field 'shape' must be one of bucket, window, gateway.", "shape");
    }

    private static int ReadInt(JsonObject body, string key, int? defaultValue, int min, int max = int.MaxValue)
    {
        JsonNode? node = body[key];
        if (node is null)
        {
            return defaultValue ?? throw ServiceRefusalException.BadRequest(2, $"Required field '{key}' is missing.", key);
        }

        return node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out int number) && number >= min && number <= max
            ? number
            : throw ServiceRefusalException.BadRequest(3, $"Field '{key}' must be an integer between {min} and {max}.", key);
    }
}
