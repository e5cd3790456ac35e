using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AtlanTokens.Emulator.Auth;
using AtlanTokens.Emulator.Errors;
using AtlanTokens.Emulator.Hosting;
using AtlanTokens.Emulator.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AtlanTokens.Emulator.Api;

/// <summary>Heracles API tokens: GET/POST /api/service/apikeys, POST/DELETE /api/service/apikeys/{guid} (contract §1).</summary>
internal static class ApiTokenEndpoints
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 500;

    private static readonly string[] FilterKeys = ["displayName", "clientId", "id"];

    public static void Map(IEndpointRouteBuilder routes, EmulatorServices services)
    {
        routes.MapGet("/api/service/apikeys", context => ListAsync(context, services));
        routes.MapPost("/api/service/apikeys", context => CreateAsync(context, services));
        routes.MapPost("/api/service/apikeys/{guid}", context => UpdateAsync(context, services));
        routes.MapDelete("/api/service/apikeys/{guid}", context => DeleteAsync(context, services));
    }

    public static JsonObject ToRecord(ApiTokenEntry token) => new()
    {
        ["id"] = token.Id,
        ["clientId"] = token.ClientId,
        ["displayName"] = token.DisplayName,
        ["attributes"] = new JsonObject
        {
            ["access.token.lifespan"] = token.ValiditySeconds.ToString(CultureInfo.InvariantCulture),
            ["clientId"] = token.ClientId,
            ["createdAt"] = token.CreatedAtMs.ToString(CultureInfo.InvariantCulture),
            ["createdBy"] = token.CreatedBy,
            ["description"] = token.Description,
            ["displayName"] = token.DisplayName,
            ["personas"] = new JsonArray(),
            ["personaQualifiedName"] = new JsonArray([.. token.Personas.Select(persona => (JsonNode?)new JsonObject
            {
                ["id"] = persona.Guid,
                ["persona"] = persona.Name,
                ["personaQualifiedName"] = persona.QualifiedName,
            })]),
            ["workspacePermissions"] = new JsonArray(),
            ["purposes"] = new JsonArray(),
        },
    };

    private static Task ListAsync(HttpContext context, EmulatorServices services)
    {
        RequireTokenManager(CallerContext.Get(context));
        IQueryCollection query = context.Request.Query;
        if (query.TryGetValue("count", out var count) && !bool.TryParse(count.ToString(), out _))
        {
            throw ServiceRefusalException.BadRequest(10, "Query parameter 'count' must be true or false.", "count");
        }

        int offset = ParseNonNegative(query, "offset", 0);
        int limit = Math.Min(ParseNonNegative(query, "limit", DefaultLimit), MaxLimit);
        TokenSort sort = ParseSort(query);
        TokenFilter filter = ParseFilter(context.Request);

        TokenPage page = services.Store.Tokens.List(filter, sort, offset, limit);
        return JsonResponse.WriteAsync(context, new JsonObject
        {
            ["totalRecord"] = page.TotalRecord,
            ["filterRecord"] = page.FilterRecord,
            ["records"] = new JsonArray([.. page.Records.Select(token => (JsonNode?)ToRecord(token))]),
        });
    }

    private static async Task CreateAsync(HttpContext context, EmulatorServices services)
    {
        Caller caller = CallerContext.Get(context);
        RequireTokenManager(caller);
        TokenRequestBody request = TokenRequestBody.Parse(await RequestJson.ReadObjectAsync(context), isCreate: true);
        IReadOnlyList<PersonaLink> personas = ResolvePersonas(services, request.PersonaQualifiedNames);
        if (context.Items.TryGetValue(Hosting.ApiGatewayMiddleware.CommitLaterKey, out object? later) && later is TimeSpan delay)
        {
            // Fault commitLater: the gateway gives up at once, the backend stores the token a while later
            // (unless the emulator was reset meanwhile: a test's late commit never lands in the next test).
            int generation = services.Resets;
            _ = Task.Run(async () =>
            {
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, services.Time);
                }

                if (services.Resets != generation)
                {
                    return;
                }

                services.Store.Tokens.Create(request.DisplayName, request.Description, personas, request.ValiditySeconds, caller.Username);
            });
            throw new ServiceRefusalException(StatusCodes.Status502BadGateway, 0, "Bad Gateway (injected fault: the create is committed later).");
        }

        ApiTokenEntry token = services.Store.Tokens.Create(request.DisplayName, request.Description, personas, request.ValiditySeconds, caller.Username);
        JsonObject record = ToRecord(token);
        record["attributes"]!.AsObject()["accessToken"] = token.AccessToken;
        await JsonResponse.WriteAsync(context, record);
    }

    private static async Task UpdateAsync(HttpContext context, EmulatorServices services)
    {
        RequireTokenManager(CallerContext.Get(context));
        TokenRequestBody request = TokenRequestBody.Parse(await RequestJson.ReadObjectAsync(context), isCreate: false);
        IReadOnlyList<PersonaLink> personas = ResolvePersonas(services, request.PersonaQualifiedNames);
        string guid = (string)context.Request.RouteValues["guid"]!;

        ApiTokenEntry token = services.Store.Tokens.Update(guid, request.DisplayName, request.Description, personas)
            ?? throw TokenNotFound(guid);
        await JsonResponse.WriteAsync(context, ToRecord(token));
    }

    private static Task DeleteAsync(HttpContext context, EmulatorServices services)
    {
        RequireTokenManager(CallerContext.Get(context));
        string guid = (string)context.Request.RouteValues["guid"]!;
        if (!services.Store.Tokens.Delete(guid))
        {
            throw TokenNotFound(guid);
        }

        return JsonResponse.WriteEmptyAsync(context);
    }

    private static void RequireTokenManager(Caller caller)
    {
        if (!caller.IsAdmin)
        {
            throw new ServiceRefusalException(StatusCodes.Status403Forbidden, 1,
                $"Caller '{caller.Username}' lacks permission to manage API tokens (requires the $admin role).", "Authorization");
        }
    }

    private static IReadOnlyList<PersonaLink> ResolvePersonas(EmulatorServices services, IReadOnlyList<string> qualifiedNames) =>
        services.Store.ResolvePersonas(qualifiedNames, out string? unknown)
        ?? throw ServiceRefusalException.BadRequest(6, $"Persona '{unknown}' does not exist; personaQualifiedNames must name existing personas.", "personaQualifiedNames");

    private static ServiceRefusalException TokenNotFound(string guid) =>
        new(StatusCodes.Status404NotFound, 1, $"No API token with id '{guid}' exists.", "guid");

    private static int ParseNonNegative(IQueryCollection query, string name, int defaultValue)
    {
        if (!query.TryGetValue(name, out var raw))
        {
            return defaultValue;
        }

        return int.TryParse(raw.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw ServiceRefusalException.BadRequest(10, $"Query parameter '{name}' must be a non-negative integer.", name);
    }

    private static TokenSort ParseSort(IQueryCollection query)
    {
        if (!query.TryGetValue("sort", out var raw))
        {
            return TokenSort.CreatedAtDescending;
        }

        return raw.ToString() switch
        {
            "createdAt" => TokenSort.CreatedAtAscending,
            "-createdAt" => TokenSort.CreatedAtDescending,
            "displayName" => TokenSort.DisplayNameAscending,
            "-displayName" => TokenSort.DisplayNameDescending,
            _ => throw ServiceRefusalException.BadRequest(11, "Query parameter 'sort' must be one of createdAt, -createdAt, displayName, -displayName.", "sort"),
        };
    }

    private static TokenFilter ParseFilter(HttpRequest request)
    {
        string? text = RawFilter(request);
        if (text is null)
        {
            return TokenFilter.None;
        }

        JsonObject filter;
        try
        {
            filter = JsonNode.Parse(text) as JsonObject
                ?? throw ServiceRefusalException.BadRequest(12, "Query parameter 'filter' must be a JSON object.", "filter");
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            throw ServiceRefusalException.BadRequest(12, "Query parameter 'filter' is not valid JSON.", "filter");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string key, JsonNode? value) in filter)
        {
            if (!FilterKeys.Contains(key, StringComparer.Ordinal))
            {
                throw ServiceRefusalException.BadRequest(12, $"Filter key '{key}' is not supported; use displayName, clientId or id.", "filter");
            }

            values[key] = value is JsonValue text1 && text1.GetValueKind() == JsonValueKind.String
                ? text1.GetValue<string>()
                : throw ServiceRefusalException.BadRequest(12, $"Filter key '{key}' must have a string value.", "filter");
        }

        return new TokenFilter(values.GetValueOrDefault("displayName"), values.GetValueOrDefault("clientId"), values.GetValueOrDefault("id"));
    }

    /// <summary>
    /// The filter JSON, percent-encoded (Python, Go) or raw as the Java SDK appends it. Raw JSON is taken from the
    /// undecoded query string so a '+' in a name stays a '+'.
    /// </summary>
    private static string? RawFilter(HttpRequest request)
    {
        string queryString = request.QueryString.Value ?? string.Empty;
        foreach (string part in queryString.TrimStart('?').Split('&'))
        {
            if (part.StartsWith("filter=", StringComparison.Ordinal) && part.Length > 7 && part[7] == '{')
            {
                return Uri.UnescapeDataString(part[7..]);
            }
        }

        return request.Query.TryGetValue("filter", out var value) ? value.ToString() : null;
    }
}
