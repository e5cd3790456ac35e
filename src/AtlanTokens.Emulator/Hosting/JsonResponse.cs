using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace AtlanTokens.Emulator.Hosting;

internal static class JsonResponse
{
    public const string ContentType = "application/json";

    public static readonly JsonSerializerOptions SerializerOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(JsonNode? node) => node is null ? "null" : node.ToJsonString(SerializerOptions);

    public static Task WriteAsync(HttpContext context, JsonNode? node, int status = StatusCodes.Status200OK) =>
        WriteTextAsync(context, Serialize(node), status);

    public static async Task WriteTextAsync(HttpContext context, string json, int status = StatusCodes.Status200OK)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    public static Task WriteEmptyAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }
}
