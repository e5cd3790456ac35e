using System.Collections.Generic;
using System.Linq;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AtlanTokens.Emulator.Errors;
using Microsoft.AspNetCore.Http;

namespace AtlanTokens.Emulator.Api;

/// <summary>Strict reading of JSON request bodies: every refusal names the offending key.</summary>
internal static class RequestJson
{
    public static async Task<JsonObject> ReadObjectAsync(HttpContext context, bool requireJsonContentType = true)
    {
        if (requireJsonContentType && !IsJsonContentType(context.Request.ContentType))
        {
            throw new ServiceRefusalException(StatusCodes.Status415UnsupportedMediaType, 1,
                "The request body must be sent with Content-Type: application/json.", "Content-Type");
        }

        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            throw ServiceRefusalException.BadRequest(1, "The request body is not valid JSON.", "body");
        }

        return node as JsonObject ?? throw ServiceRefusalException.BadRequest(1, "The request body must be a JSON object.", "body");
    }

    public static bool IsJsonContentType(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out MediaTypeHeaderValue? parsed)
        && string.Equals(parsed.MediaType, "application/json", System.StringComparison.OrdinalIgnoreCase);

    public static JsonNode Require(JsonObject body, string key, string location)
    {
        if (!body.TryGetPropertyValue(key, out JsonNode? value))
        {
            throw ServiceRefusalException.BadRequest(2, $"Required field '{key}' is missing from the request body.", location);
        }

        return value ?? throw ServiceRefusalException.BadRequest(3, $"Field '{key}' must not be null.", location);
    }

    public static string RequireString(JsonObject body, string key, string? location = null)
    {
        JsonNode value = Require(body, key, location ?? key);
        return AsString(value, key, location ?? key);
    }

    public static JsonArray RequireArray(JsonObject body, string key, string? location = null)
    {
        JsonNode value = Require(body, key, location ?? key);
        return value as JsonArray ?? throw WrongType(key, "an array", location ?? key);
    }

    public static IReadOnlyList<string> RequireStringArray(JsonObject body, string key, string? location = null)
    {
        JsonArray array = RequireArray(body, key, location);
        return array.Select((item, index) => item is null
            ? throw ServiceRefusalException.BadRequest(3, $"Field '{key}' must contain only strings; item {index} is null.", location ?? key)
            : AsString(item, $"{key}[{index}]", location ?? key)).ToList();
    }

    public static string AsString(JsonNode value, string key, string location) =>
        value is JsonValue text && text.GetValueKind() == JsonValueKind.String
            ? text.GetValue<string>()
            : throw WrongType(key, "a string", location);

    public static ServiceRefusalException WrongType(string key, string expected, string location) =>
        ServiceRefusalException.BadRequest(3, $"Field '{key}' must be {expected}.", location);
}
