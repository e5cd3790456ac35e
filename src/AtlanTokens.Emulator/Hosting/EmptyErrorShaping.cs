using System.Threading.Tasks;
using AtlanTokens.Emulator.Errors;
using Microsoft.AspNetCore.Http;

namespace AtlanTokens.Emulator.Hosting;

/// <summary>Gives framework-made refusals (no route: 404, wrong method: 405) an Atlan-shaped body too.</summary>
internal static class EmptyErrorShaping
{
    public static Task ShapeAsync(HttpContext context)
    {
        HttpResponse response = context.Response;
        if (response.StatusCode < 400 || response.HasStarted || response.ContentLength is not null || response.ContentType is not null)
        {
            return Task.CompletedTask;
        }

        string message = response.StatusCode switch
        {
            StatusCodes.Status404NotFound => $"No API at {context.Request.Path}.",
            StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed on {context.Request.Path}.",
            _ => "The request failed.",
        };
        return ServiceErrorBody.WriteAsync(context, response.StatusCode, 0, message);
    }
}
