using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using AtlanTokens.Emulator.Errors;
using Microsoft.AspNetCore.Http;

namespace AtlanTokens.Emulator.Hosting;

/// <summary>Keeps /_emulator to loopback callers that know this start's control key, and gives its refusals the same error shape as the API.</summary>
internal sealed class ControlGuardMiddleware
{
    private readonly RequestDelegate next;
    private readonly byte[] controlKey;

    public ControlGuardMiddleware(RequestDelegate next, EmulatorServices services)
    {
        this.next = next;
        controlKey = Encoding.UTF8.GetBytes(services.ControlKey);
    }

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

        string? given = context.Request.Headers[EmulatorServices.ControlKeyHeader].ToString();
        if (string.IsNullOrEmpty(given) || !CryptographicOperations.FixedTimeEquals(controlKey, Encoding.UTF8.GetBytes(given)))
        {
            await ServiceErrorBody.WriteAsync(context, StatusCodes.Status401Unauthorized, 10,
                $"The emulator control API needs this start's control key in the {EmulatorServices.ControlKeyHeader} header (the emulator prints it when it starts; Start-AtlanEmulator passes it).");
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
