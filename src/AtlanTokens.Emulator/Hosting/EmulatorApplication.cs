using System;
using System.Linq;
using System.Net;
using AtlanTokens.Emulator.Api;
using AtlanTokens.Emulator.Control;
using AtlanTokens.Emulator.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AtlanTokens.Emulator.Hosting;

/// <summary>Builds the emulator's web application: Kestrel on 127.0.0.1 only (unless --listen), quiet logging, API + control routes.</summary>
internal static class EmulatorApplication
{
    public static WebApplication Create(EmulatorOptions options, TimeProvider? time = null)
    {
        var services = new EmulatorServices(SeedDocument.Load(options.SeedPath), time ?? TimeProvider.System, options.TenantId, options.KeepSeedKeys, options.ControlKey);

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Where the emulator listens is decided here and by --listen only: no environment variable (Kestrel__Endpoints__*,
        // ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS) and no appsettings file may add an endpoint on another address.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new System.Collections.Generic.Dictionary<string, string?>
        {
            [WebHostDefaults.ServerUrlsKey] = string.Empty,
            [WebHostDefaults.PreferHostingUrlsKey] = "false",
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseSetting(WebHostDefaults.SuppressStatusMessagesKey, "true");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Configure(new ConfigurationBuilder().Build(), reloadOnChange: false);
            kestrel.Listen(options.ListenAddress, options.Port, listen => listen.Use(next => connection =>
            {
                services.Stats.CountConnection();
                return next(connection);
            }));
        });
        builder.Services.AddSingleton(services);

        WebApplication app = builder.Build();
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<ControlGuardMiddleware>();
        app.UseMiddleware<ApiGatewayMiddleware>();
        app.UseRouting();

        ApiTokenEndpoints.Map(app, services);
        OAuthClientEndpoints.Map(app, services);
        UserEndpoints.Map(app);
        SearchEndpoints.Map(app, services);
        EntityEndpoints.Map(app, services);
        ControlEndpoints.Map(app, services);
        return app;
    }

    /// <summary>The bound address once the server has started, e.g. http://127.0.0.1:54321.</summary>
    public static Uri ListeningUrl(WebApplication app)
    {
        IServerAddressesFeature addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        var bound = new Uri(addresses.Addresses.First());
        return IPAddress.TryParse(bound.Host.Trim('[', ']'), out IPAddress? address) && IPAddress.IsLoopback(address)
            ? new Uri($"http://127.0.0.1:{bound.Port}")
            : bound;
    }

    /// <summary>Every address the server listens on (a test checks that nothing but loopback is bound by default).</summary>
    public static System.Collections.Generic.IReadOnlyList<string> BoundAddresses(WebApplication app) =>
        [.. app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses];

    public static EmulatorServices Services(WebApplication app) => app.Services.GetRequiredService<EmulatorServices>();
}
