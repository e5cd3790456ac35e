using System;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AtlanTokens.Emulator.Hosting;
using Microsoft.AspNetCore.Http;

namespace AtlanTokens.Emulator.Errors;

/// <summary>The two error shapes of Atlas (atlas-metastore): a handled refusal, and an unhandled failure.</summary>
internal static class AtlasErrorBody
{
    /// <summary>AtlasBaseExceptionMapper: errorCode is a string such as ATLAS-403-00-001, no other keys.</summary>
    public static Task WriteAsync(HttpContext context, AtlasRefusal refusal) =>
        JsonResponse.WriteAsync(context, new JsonObject
        {
            ["errorCode"] = refusal.ErrorCode,
            ["errorMessage"] = refusal.Message,
        }, refusal.Status);

    /// <summary>AllExceptionMapper / ExceptionMapperUtil: no errorCode, only errorId, message and causes.</summary>
    public static Task WriteUnhandledAsync(HttpContext context, int status, string message) =>
        JsonResponse.WriteAsync(context, new JsonObject
        {
            ["errorId"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            ["message"] = message,
            ["causes"] = new JsonArray(new JsonObject
            {
                ["errorType"] = "java.lang.RuntimeException",
                ["errorMessage"] = message,
                ["location"] = "org.apache.atlas.web.rest.EntityREST",
            }),
        }, status);
}
