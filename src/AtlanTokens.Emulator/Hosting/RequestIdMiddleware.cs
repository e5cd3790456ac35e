using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace AtlanTokens.Emulator.Hosting;

/// <summary>Echoes the caller's X-Atlan-Request-Id on every response, or makes one up.</summary>
internal sealed class RequestIdMiddleware
{
    public const string HeaderName = "X-Atlan-Request-Id";

    private readonly RequestDelegate next;

    public RequestIdMiddleware(RequestDelegate next) => this.next = next;

    public static string Get(HttpContext context) => context.Response.Headers[HeaderName].ToString();

    public Task InvokeAsync(HttpContext context)
    {
        string requestId = context.Request.Headers[HeaderName].ToString();
        if (string.IsNullOrWhiteSpace(requestId))
        {
            requestId = Guid.NewGuid().ToString();
        }

        context.Response.Headers[HeaderName] = requestId;
        return next(context);
    }
}
