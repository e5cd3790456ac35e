using System;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace AtlanTokens.Emulator.Tests;

public sealed class AuthTests : EmulatorHarness
{
    [Fact]
    public async Task MissingHeader_Is401()
    {
        (await GetAsync("/api/service/users/current", token: null)).AssertAtlanError(401);
    }

    [Fact]
    public async Task UnknownToken_Is401_AndTheTokenIsNotEchoed()
    {
        const string bogus = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLWJvZ3VzLXZhbHVl";
        Reply reply = (await GetAsync("/api/service/apikeys", bogus)).AssertAtlanError(401);
        Assert.DoesNotContain(bogus, reply.Text);
        Assert.DoesNotContain("c2lnbmF0dXJl", reply.Text);
    }

    [Fact]
    public async Task BasicScheme_Is401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/service/users/current");
        request.Headers.TryAddWithoutValidation("Authorization", "Basic " + AdminAccessToken);
        using HttpResponseMessage response = await Http.SendAsync(request);
        Assert.Equal(401, (int)response.StatusCode);
    }

    [Fact]
    public async Task CreatedToken_AuthenticatesAsItsServiceAccount()
    {
        JsonObject created = await CreateTokenAsync();
        Reply reply = (await GetAsync("/api/service/users/current", AccessTokenOf(created))).AssertStatus(200);

        Assert.Equal("service-account-" + (string)created["clientId"]!, (string)reply.Object["username"]!);
        Assert.Equal((string)created["id"]!, (string)reply.Object["id"]!);
        Assert.True((bool)reply.Object["enabled"]!);
        Assert.NotNull(reply.Object["createdTimestamp"]);
    }

    [Fact]
    public async Task DeletedToken_IsRevoked()
    {
        JsonObject created = await CreateTokenAsync();
        string accessToken = AccessTokenOf(created);
        (await GetAsync("/api/service/users/current", accessToken)).AssertStatus(200);

        (await SendAsync(HttpMethod.Delete, $"/api/service/apikeys/{created["id"]}")).AssertStatus(200);

        (await GetAsync("/api/service/users/current", accessToken)).AssertAtlanError(401);
    }

    [Fact]
    public async Task ApiTokenPastItsValidity_Is401()
    {
        JsonObject body = TokenBody();
        body["validitySeconds"] = 60;
        string accessToken = AccessTokenOf((await PostAsync("/api/service/apikeys", body)).AssertStatus(200).Object);
        (await GetAsync("/api/service/users/current", accessToken)).AssertStatus(200);

        Time.Offset = TimeSpan.FromSeconds(120);

        (await GetAsync("/api/service/users/current", accessToken)).AssertAtlanError(401);
    }

    [Fact]
    public async Task HumanBearer_AuthenticatesAsTheUser()
    {
        Reply reply = (await GetAsync("/api/service/users/current", await BearerForAsync("bob"))).AssertStatus(200);
        Assert.Equal("bob", (string)reply.Object["username"]!);
        Assert.Equal("Bob", (string)reply.Object["firstName"]!);
        Assert.Equal("bob@example.com", (string)reply.Object["email"]!);
    }

    [Fact]
    public async Task ExpiredHumanBearer_Is401()
    {
        (await GetAsync("/api/service/users/current", await BearerForAsync("alice", -10))).AssertAtlanError(401);

        string shortLived = await BearerForAsync("alice", 30);
        Time.Offset = TimeSpan.FromMinutes(1);
        (await GetAsync("/api/service/users/current", shortLived)).AssertAtlanError(401);
    }

    [Fact]
    public async Task TamperedHumanBearer_Is401()
    {
        string[] parts = (await BearerForAsync("bob")).Split('.');
        string payload = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Pad(parts[1])));
        string forged = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(payload.Replace("\"bob\"", "\"alice\"", StringComparison.Ordinal)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        (await GetAsync("/api/service/users/current", $"{parts[0]}.{forged}.{parts[2]}")).AssertAtlanError(401);
        // Change the signature's first character (every bit of it counts; the last one's low bits are padding, so
        // overwriting the end could leave the decoded signature as it was).
        string signature = (parts[2][0] == 'A' ? "B" : "A") + parts[2][1..];
        (await GetAsync("/api/service/users/current", $"{parts[0]}.{parts[1]}.{signature}")).AssertAtlanError(401);
    }

    [Fact]
    public async Task BearerFromAnotherEmulatorInstance_Is401()
    {
        // Signed with another instance's key: looks valid but is not ours.
        var other = new OtherInstance();
        await other.InitializeAsync();
        try
        {
            string foreign = await other.MintAsync("alice");
            (await GetAsync("/api/service/users/current", foreign)).AssertAtlanError(401);
        }
        finally
        {
            await other.DisposeAsync();
        }
    }

    [Fact]
    public async Task TokenWithDefaultRole_CanReadButCannotManageApiTokens()
    {
        string accessToken = AccessTokenOf(await CreateTokenAsync());
        (await GetAsync("/api/service/users/current", accessToken)).AssertStatus(200);
        (await PostAsync("/api/meta/search/indexsearch", SearchTests.Search(("__typeName.keyword", "Persona")), accessToken)).AssertStatus(200);

        Reply list = (await GetAsync("/api/service/apikeys", accessToken)).AssertAtlanError(403);
        Assert.Contains("permission to manage API tokens", list.ErrorMessage);
        (await PostAsync("/api/service/apikeys", TokenBody(), accessToken)).AssertAtlanError(403);
    }

    [Fact]
    public async Task Members_CannotManageApiTokens_AdminsCan()
    {
        (await GetAsync("/api/service/apikeys", await BearerForAsync("bob"))).AssertAtlanError(403);
        Reply created = (await PostAsync("/api/service/apikeys", TokenBody("by-alice"), await BearerForAsync("alice"))).AssertStatus(200);
        Assert.Equal("alice", (string)created.Object["attributes"]!["createdBy"]!);
    }

    [Fact]
    public async Task RequestId_IsEchoedOrGenerated()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/service/users/current");
        request.Headers.Add("X-Atlan-Request-Id", "req-123");
        using HttpResponseMessage echoed = await Http.SendAsync(request);
        Assert.Equal("req-123", string.Join(",", echoed.Headers.GetValues("X-Atlan-Request-Id")));

        Reply generated = await GetAsync("/api/service/users/current", token: null);
        Assert.False(string.IsNullOrEmpty(generated.RequestId));
    }

    private static string Pad(string base64Url)
    {
        string text = base64Url.Replace('-', '+').Replace('_', '/');
        return text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
    }

    private sealed class OtherInstance : EmulatorHarness
    {
        public Task<string> MintAsync(string user) => BearerForAsync(user);
    }
}
