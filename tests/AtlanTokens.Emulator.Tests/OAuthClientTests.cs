using System;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace AtlanTokens.Emulator.Tests;

/// <summary>POST /api/service/oauth-clients/token, the bearers it hands out, and the control API that makes clients.</summary>
public sealed class OAuthClientTests : EmulatorHarness
{
    private const string SeedClientId = "oauth-client-00000000-0000-4000-8000-000000000401";
    private const string SeedClientSecret = "emulator-seed-oauth-secret-not-a-real-secret";
    private const string TokenPath = "/api/service/oauth-clients/token";

    private Task<Reply> ExchangeAsync(string clientId, string clientSecret) =>
        PostAsync(TokenPath, new JsonObject { ["clientId"] = clientId, ["clientSecret"] = clientSecret }, token: null);

    [Fact]
    public async Task Exchange_ReturnsABearer_ThatActsAsTheClientsServiceAccount()
    {
        JsonObject answer = (await ExchangeAsync(SeedClientId, SeedClientSecret)).AssertStatus(200).Object;
        Assert.Equal("Bearer", (string?)answer["tokenType"]);
        Assert.Equal(600, (int)answer["expiresIn"]!);
        string bearer = (string)answer["accessToken"]!;

        JsonObject me = (await GetAsync("/api/service/users/current", bearer)).AssertStatus(200).Object;
        Assert.Equal("service-account-" + SeedClientId, (string?)me["username"]);
        Assert.False(me.ContainsKey("firstName")); // a service account, like an API token's

        (await GetAsync("/api/service/apikeys?limit=1", bearer)).AssertStatus(200); // the seed client is an admin
    }

    [Theory]
    [InlineData(SeedClientId, "wrong-secret")]
    [InlineData("oauth-client-unknown", SeedClientSecret)]
    public async Task WrongIdOrSecret_Is401WithAnAtlanBody_ThatDoesNotSayWhich(string clientId, string clientSecret)
    {
        Reply reply = (await ExchangeAsync(clientId, clientSecret)).AssertAtlanError(401);
        Assert.Contains("id or secret", reply.ErrorMessage);
        Assert.DoesNotContain(clientSecret, reply.Text);
    }

    [Fact]
    public async Task MissingSecret_Is400()
    {
        (await PostAsync(TokenPath, new JsonObject { ["clientId"] = SeedClientId }, token: null)).AssertAtlanError(400);
    }

    [Fact]
    public async Task Bearer_ExpiresAfterTheClientsLifetime()
    {
        JsonObject created = (await PostAsync("/_emulator/oauth-clients", new JsonObject { ["tokenExpirySeconds"] = 5 }, token: null)).AssertStatus(200).Object;
        JsonObject answer = (await ExchangeAsync((string)created["clientId"]!, (string)created["clientSecret"]!)).AssertStatus(200).Object;
        Assert.Equal(5, (int)answer["expiresIn"]!);
        string bearer = (string)answer["accessToken"]!;
        (await GetAsync("/api/service/users/current", bearer)).AssertStatus(200);

        Time.Offset = TimeSpan.FromSeconds(7);
        Reply expired = (await GetAsync("/api/service/users/current", bearer)).AssertAtlanError(401);
        Assert.Contains("expired", expired.ErrorMessage);
    }

    [Fact]
    public async Task RevokedBearers_Are401_AndANewExchangeWorks()
    {
        JsonObject answer = (await ExchangeAsync(SeedClientId, SeedClientSecret)).AssertStatus(200).Object;
        string bearer = (string)answer["accessToken"]!;
        (await PostAsync($"/_emulator/oauth-clients/{SeedClientId}/revoke", new JsonObject(), token: null)).AssertStatus(200);

        Reply revoked = (await GetAsync("/api/service/users/current", bearer)).AssertAtlanError(401);
        Assert.Contains("revoked", revoked.ErrorMessage);
        string fresh = (string)(await ExchangeAsync(SeedClientId, SeedClientSecret)).AssertStatus(200).Object["accessToken"]!;
        (await GetAsync("/api/service/users/current", fresh)).AssertStatus(200);
        (await PostAsync("/_emulator/oauth-clients/oauth-client-unknown/revoke", new JsonObject(), token: null)).AssertAtlanError(404);
    }

    [Fact]
    public async Task RequestLog_AndState_NeverHoldTheSecret()
    {
        JsonObject created = (await PostAsync("/_emulator/oauth-clients", new JsonObject { ["displayName"] = "ci" }, token: null)).AssertStatus(200).Object;
        string secret = (string)created["clientSecret"]!;
        (await ExchangeAsync((string)created["clientId"]!, secret)).AssertStatus(200);

        string log = (await GetAsync("/_emulator/requests", token: null)).AssertStatus(200).Text;
        Assert.Contains(TokenPath, log);
        Assert.DoesNotContain(secret, log);
        string state = (await GetAsync("/_emulator/state", token: null)).AssertStatus(200).Text;
        Assert.Contains((string)created["clientId"]!, state);
        Assert.DoesNotContain(secret, state);
    }
}
