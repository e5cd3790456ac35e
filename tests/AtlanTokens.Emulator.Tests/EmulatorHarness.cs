using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AtlanTokens.Emulator.Hosting;
using Microsoft.AspNetCore.Builder;

namespace AtlanTokens.Emulator.Tests;

/// <summary>A fresh emulator on a real loopback socket for each test, plus helpers to call it.</summary>
public abstract class EmulatorHarness : IAsyncLifetime
{
    public const string AdminAccessToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDEiLCJhenAiOiJhcGlrZXktMDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAxIiwicHJlZmVycmVkX3VzZXJuYW1lIjoic2VydmljZS1hY2NvdW50LWFwaWtleS0wMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDEiLCJpYXQiOjE3MDQwNjcyMDAsInR5cCI6IkJlYXJlciIsImp0aSI6ImVtdWxhdG9yLWFkbWluIn0.YXRsYW4tZW11bGF0b3Itc2VlZC1hZG1pbi1rZXktbm90LWEtcmVhbC1zaWduYXR1cmU";
    public const string AdminUsername = "service-account-apikey-00000000-0000-4000-8000-000000000001";
    public const string DataStewardsQn = "default/OhbVrpoiVgRV5IfLBcbfno";
    public const string AnalystsQn = "default/GMbJmTPSIAoCLrZ3aWZkSB";
    public const string DevBigQueryGuid = "00000000-0000-4000-8000-000000000201";
    public const string DevBigQueryQn = "default/bigquery/1700000201";
    public const string ProductionGuid = "00000000-0000-4000-8000-000000000203";
    public const string ProductionQn = "default/snowflake/1700000203";
    public const string AnalyticsQn = "default/redshift/1700000204";
    public const string LegacyQn = "default/postgres/1700000205";
    public const string MyCollectionGuid = "00000000-0000-4000-8000-000000000301";
    public const string MyCollectionQn = "default/collection/alice/6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e";
    public const string FinanceCollectionQn = "default/collection/bob/0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d";

    private WebApplication? app;

    internal ShiftableTimeProvider Time { get; } = new();

    protected Uri BaseUrl { get; private set; } = null!;

    protected HttpClient Http { get; private set; } = null!;

    /// <summary>This start's control key; <see cref="Http"/> and <see cref="NewClient"/> send it on every request.</summary>
    protected string ControlKey { get; private set; } = null!;

    /// <summary>Another client of this emulator (a fresh connection) that passes the control key like <see cref="Http"/>.</summary>
    protected HttpClient NewClient()
    {
        var client = new HttpClient { BaseAddress = BaseUrl };
        client.DefaultRequestHeaders.Add(EmulatorServices.ControlKeyHeader, ControlKey);
        return client;
    }

    /// <summary>The tenant id the emulator runs with; a test class overrides it to try another tenant.</summary>
    protected virtual string TenantId => "default";

    /// <summary>Whether the seed's admin key (<see cref="AdminAccessToken"/>) is pinned; a test class of a normal start overrides it.</summary>
    protected virtual bool KeepSeedKeys => true;

    /// <summary>The admin key this start accepts (<see cref="AdminAccessToken"/> when the seed's keys are pinned).</summary>
    protected string StartAdminKey => EmulatorApplication.Services(app!).Store.AdminAccessToken!;

    public static string SeedPath => Path.Combine(AppContext.BaseDirectory, "seed.json");

    public async Task InitializeAsync()
    {
        // The seed's admin key is pinned (AdminAccessToken) unless a class overrides KeepSeedKeys; a normal start replaces
        // it with a random one.
        app = EmulatorApplication.Create(new EmulatorOptions(0, SeedPath, null, false, TenantId, KeepSeedKeys: KeepSeedKeys), Time);
        await app.StartAsync();
        BaseUrl = EmulatorApplication.ListeningUrl(app);
        ControlKey = EmulatorApplication.Services(app).ControlKey;
        Http = NewClient();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    protected async Task<Reply> SendAsync(HttpMethod method, string path, string? token = AdminAccessToken, object? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            string text = body switch
            {
                string raw => raw,
                JsonNode node => node.ToJsonString(),
                _ => System.Text.Json.JsonSerializer.Serialize(body),
            };
            request.Content = new StringContent(text, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using HttpResponseMessage response = await Http.SendAsync(request);
        string responseText = await response.Content.ReadAsStringAsync();
        return new Reply(response, responseText);
    }

    protected Task<Reply> GetAsync(string path, string? token = AdminAccessToken) => SendAsync(HttpMethod.Get, path, token);

    protected Task<Reply> PostAsync(string path, object body, string? token = AdminAccessToken) => SendAsync(HttpMethod.Post, path, token, body);

    protected static JsonObject TokenBody(string displayName = "ci-token", string description = "", params string[] personaQualifiedNames) => new()
    {
        ["displayName"] = displayName,
        ["description"] = description,
        ["personas"] = new JsonArray(),
        ["personaQualifiedNames"] = new JsonArray([.. Array.ConvertAll(personaQualifiedNames, qn => (JsonNode?)qn)]),
    };

    protected async Task<JsonObject> CreateTokenAsync(string displayName = "ci-token", string description = "", params string[] personaQualifiedNames)
    {
        Reply reply = await PostAsync("/api/service/apikeys", TokenBody(displayName, description, personaQualifiedNames));
        reply.AssertStatus(200);
        return reply.Object;
    }

    protected static string AccessTokenOf(JsonObject created) => (string)created["attributes"]!["accessToken"]!;

    protected async Task<string> BearerForAsync(string username, int expiresInSeconds = 3600)
    {
        Reply reply = await PostAsync($"/_emulator/users/{username}/bearer", new JsonObject { ["expiresInSeconds"] = expiresInSeconds }, token: null);
        reply.AssertStatus(200);
        return (string)reply.Object["token"]!;
    }

    protected async Task<JsonObject> ListTokensAsync(string query)
    {
        Reply reply = await GetAsync("/api/service/apikeys?" + query);
        reply.AssertStatus(200);
        return reply.Object;
    }
}
