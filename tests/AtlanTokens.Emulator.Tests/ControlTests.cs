using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace AtlanTokens.Emulator.Tests;

public sealed class ControlTests : EmulatorHarness
{
    [Fact]
    public async Task RequestLog_RecordsCallsInOrder_ButNeverTheToken()
    {
        JsonObject created = await CreateTokenAsync("logged");
        string accessToken = AccessTokenOf(created);
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/service/users/current"))
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
            request.Headers.Add("X-Atlan-Request-Id", "rid-1");
            request.Headers.Add("x-atlan-agent", "sdk");
            request.Headers.UserAgent.ParseAdd("AtlanTokens-PowerShell/0.1.0");
            (await Http.SendAsync(request)).EnsureSuccessStatusCode();
        }

        await GetAsync("/api/service/apikeys?count=True&filter=" + Uri.EscapeDataString("{\"displayName\":\"logged\"}"), token: "not-a-real-token");

        Reply log = (await GetAsync("/_emulator/requests", token: null)).AssertStatus(200);
        Assert.DoesNotContain(accessToken, log.Text);
        Assert.DoesNotContain(AdminAccessToken, log.Text);
        Assert.DoesNotContain("not-a-real-token", log.Text);

        JsonArray entries = log.Json!.AsArray();
        Assert.Equal(3, entries.Count);
        JsonObject create = entries[0]!.AsObject();
        Assert.Equal("POST", (string)create["method"]!);
        Assert.Equal("logged", (string)create["body"]!["displayName"]!);
        Assert.Equal(AdminUsername, (string)create["caller"]!);
        Assert.Equal(200, (int)create["status"]!);
        Assert.Equal("Bearer", (string)create["authScheme"]!);

        JsonObject current = entries[1]!.AsObject();
        Assert.Equal("rid-1", (string)current["requestId"]!);
        Assert.Equal("sdk", (string)current["headers"]!["x-atlan-agent"]!);
        Assert.Equal("AtlanTokens-PowerShell/0.1.0", (string)current["userAgent"]!);
        Assert.Equal("service-account-" + (string)created["clientId"]!, (string)current["caller"]!);

        JsonObject list = entries[2]!.AsObject();
        Assert.Equal("True", (string)list["query"]!["count"]!);
        Assert.Equal("{\"displayName\":\"logged\"}", (string)list["query"]!["filter"]!);
        Assert.Null(list["caller"]);
        Assert.Equal(401, (int)list["status"]!);

        (await SendAsync(HttpMethod.Delete, "/_emulator/requests", token: null)).AssertStatus(200);
        Assert.Empty((await GetAsync("/_emulator/requests", token: null)).Json!.AsArray());
    }

    [Fact]
    public async Task State_ListsEverything_WithoutSecrets()
    {
        await CreateTokenAsync("in-state", "", DataStewardsQn);
        Reply state = (await GetAsync("/_emulator/state", token: null)).AssertStatus(200);

        Assert.DoesNotContain("accessToken", state.Text);
        Assert.DoesNotContain(AdminAccessToken, state.Text);
        JsonObject body = state.Object;
        Assert.Equal(2, body["tokens"]!.AsArray().Count);
        JsonObject token = body["tokens"]!.AsArray().Single(t => (string)t!["displayName"]! == "in-state")!.AsObject();
        Assert.Equal(DataStewardsQn, (string)token["personaQualifiedNames"]![0]!);
        Assert.Equal(157680000, (long)token["validitySeconds"]!);
        Assert.Equal(5, body["personas"]!.AsArray().Count);
        Assert.Equal(6, body["connections"]!.AsArray().Count);
        Assert.Equal(3, body["collections"]!.AsArray().Count);
        Assert.Equal(["alice", "bob", "carol"], body["users"]!.AsArray().Select(u => (string)u!["username"]!));
    }

    [Fact]
    public async Task Reset_RestoresSeed_AndClearsFaultsRequestsAndRateLimit()
    {
        JsonObject created = await CreateTokenAsync("temporary");
        (await PostAsync($"/_emulator/assets/{DevBigQueryGuid}/delete", new JsonObject(), token: null)).AssertStatus(200);
        await PostAsync("/_emulator/faults", new JsonObject { ["kind"] = "status", ["method"] = "PATCH", ["times"] = 0 }, token: null);
        await PostAsync("/_emulator/ratelimit", new JsonObject { ["requestsPerMinute"] = 1000 }, token: null);

        (await PostAsync("/_emulator/reset", new JsonObject(), token: null)).AssertStatus(200);

        Assert.Equal(1, (int)(await ListTokensAsync("count=true"))["totalRecord"]!);
        (await GetAsync("/api/service/users/current", AccessTokenOf(created))).AssertAtlanError(401);
        Assert.Empty((await GetAsync("/_emulator/faults", token: null)).Json!.AsArray());
        JsonObject state = (await GetAsync("/_emulator/state", token: null)).Object;
        Assert.All(state["connections"]!.AsArray(), c => Assert.Equal("ACTIVE", (string)c!["status"]!));
        JsonArray log = (await GetAsync("/_emulator/requests", token: null)).Json!.AsArray();
        Assert.Equal(2, log.Count);
    }

    [Fact]
    public async Task BulkTokens_100k_AreListable()
    {
        // How fast the bulk seed is belongs to bench/ (a shared 2-core machine makes a timed assertion fail at random).
        Reply reply = (await PostAsync("/_emulator/tokens/bulk", new JsonObject { ["count"] = 100_000, ["prefix"] = "load-" }, token: null)).AssertStatus(200);
        Assert.Equal(100_000, (int)reply.Object["count"]!);

        JsonObject page = await ListTokensAsync("count=true&limit=500&offset=99900&sort=createdAt");
        Assert.Equal(100_001, (int)page["totalRecord"]!);
        Assert.Equal(101, page["records"]!.AsArray().Count);
        JsonObject byName = await ListTokensAsync("filter=" + Uri.EscapeDataString("{\"displayName\":\"load-77777\"}"));
        Assert.Equal(1, (int)byName["filterRecord"]!);
    }

    [Fact]
    public async Task Bearer_ForUnknownUser_Is404()
    {
        (await PostAsync("/_emulator/users/mallory/bearer", new JsonObject(), token: null)).AssertAtlanError(404);
    }

    [Fact]
    public async Task Bearer_ReturnsJwtWithExp()
    {
        Reply reply = (await PostAsync("/_emulator/users/alice/bearer", new JsonObject { ["expiresInSeconds"] = 120 }, token: null)).AssertStatus(200);
        Assert.Equal(3, ((string)reply.Object["token"]!).Split('.').Length);
        long exp = (long)reply.Object["exp"]!;
        Assert.InRange(exp - Time.GetUtcNow().ToUnixTimeSeconds(), 110, 130);
    }

    [Fact]
    public async Task Stats_CountConnectionsAndRequests()
    {
        (await SendAsync(HttpMethod.Delete, "/_emulator/stats", token: null)).AssertStatus(200);
        for (int i = 0; i < 5; i++)
        {
            (await GetAsync("/api/service/users/current")).AssertStatus(200);
        }

        JsonObject stats = (await GetAsync("/_emulator/stats", token: null)).Object;
        Assert.Equal(5, (long)stats["requests"]!);
        // One pooled keep-alive connection serves all of them.
        Assert.InRange((long)stats["connectionsAccepted"]!, 0, 1);

        using HttpClient fresh = NewClient();
        (await fresh.GetAsync("/_emulator/stats")).EnsureSuccessStatusCode();
        stats = (await GetAsync("/_emulator/stats", token: null)).Object;
        Assert.Equal(1, (long)stats["connectionsAccepted"]!);
    }

    [Fact]
    public async Task UnknownApiPath_IsAtlanShaped404()
    {
        (await GetAsync("/api/service/nothing-here")).AssertAtlanError(404);
        (await SendAsync(HttpMethod.Put, "/api/service/apikeys")).AssertAtlanError(405);
    }
}
