using System;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AtlanTokens.Emulator.Hosting;
using Microsoft.AspNetCore.Http;

namespace AtlanTokens.Emulator.Errors;

/// <summary>Builds and writes error bodies in the shape Atlan's services answer with.</summary>
internal static class ServiceErrorBody
{
    private const string DocUrl = "https://ask.atlan.com/hc/en-us/articles/6645223434141";

    public static JsonObject Create(int status, int code, string message, string? location = null, string? cause = null)
    {
        string errorType = ErrorTypeFor(status);
        var causeEntry = new JsonObject
        {
            ["errorType"] = errorType,
            ["errorMessage"] = message,
            ["location"] = location ?? string.Empty,
        };
        return new JsonObject
        {
            ["errorCode"] = $"ATLAN-EMU-{status}-{code:D3}",
            ["errorMessage"] = message,
            ["errorCause"] = cause ?? message,
            ["errorId"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            ["doc"] = DocUrl,
            ["causes"] = new JsonArray(causeEntry),
        };
    }

    public static Task WriteAsync(HttpContext context, ServiceRefusalException error) =>
        WriteAsync(context, error.Status, error.Code, error.Message, error.Location, error.Cause);

    public static Task WriteAsync(HttpContext context, int status, int code, string message, string? location = null, string? cause = null) =>
        JsonResponse.WriteAsync(context, Create(status, code, message, location, cause), status);

    private static string ErrorTypeFor(int status) => status switch
    {
        400 => "InvalidRequestError",
        401 => "AuthenticationError",
        403 => "PermissionError",
        404 => "NotFoundError",
        405 => "MethodNotAllowedError",
        409 => "ConflictError",
        415 => "UnsupportedMediaTypeError",
        429 => "RateLimitError",
        _ => "ApiError",
    };
}
