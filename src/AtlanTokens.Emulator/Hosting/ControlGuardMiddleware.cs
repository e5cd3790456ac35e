using System.Net;
using System.Threading.Tasks;
using AtlanTokens.Emulator.Errors;
using Microsoft.AspNetCore.Http;

namespace AtlanTokens.Emulator.Hosting;

/// <summary>Keeps /_emulator to loopback callers and gives its refusals the same error shape as the API.</summary>
internal sealed class ControlGuardMiddleware
{
    private readonly RequestDelegate next;

    public ControlGuardMiddleware(RequestDelegate next) => this.next = next;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/_emulator"))
        {
            await next(context);
            return;
        }

        IPAddress? remote = context.Connection.RemoteIpAddress;
        if (remote is not null && !IPAddress.IsLoopback(remote))
        {
            await ServiceErrorBody.WriteAsync(context, StatusCodes.Status403Forbidden, 9, "The emulator control API only answers loopback callers.");
            return;
        }

        try
        {
            await next(context);
        }
        catch (ServiceRefusalException error) when (!context.Response.HasStarted)
        {
            await ServiceErrorBody.WriteAsync(context, error);
            return;
        }

        await EmptyErrorShaping.ShapeAsync(context);
    }
}
