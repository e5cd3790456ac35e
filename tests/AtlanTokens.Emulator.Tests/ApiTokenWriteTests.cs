using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace AtlanTokens.Emulator.Tests;

public sealed class ApiTokenWriteTests : EmulatorHarness
{
    [Theory]
    [InlineData("displayName")]
    [InlineData("description")]
    [InlineData("personas")]
    [InlineData("personaQualifiedNames")]
    public async Task Create_WithoutRequiredKey_Is400NamingTheKey(string key)
    {
        JsonObject body = TokenBody();
        body.Remove(key);

        Reply reply = (await PostAsync("/api/service/apikeys", body)).AssertAtlanError(400);

        Assert.Contains(key, reply.ErrorMessage);
        Assert.Equal(key, reply.ErrorLocation);
        await AssertOnlySeedTokenExists();
    }

    [Theory]
    [InlineData("displayName", "42")]
    [InlineData("displayName", "null")]
    [InlineData("description", "null")]
    [InlineData("description", "[]")]
    [InlineData("personas", "\"\"")]
    [InlineData("personas", "null")]
    [InlineData("personaQualifiedNames", "\"default/x\"")]
    [InlineData("personaQualifiedNames", "[1]")]
    [InlineData("personaQualifiedNames", "[null]")]
    [InlineData("validitySeconds", "\"100\"")]
    [InlineData("validitySeconds", "1.5")]
    [InlineData("validitySeconds", "null")]
    public async Task Create_WithWrongType_Is400NamingTheKey(string key, string json)
    {
        JsonObject body = TokenBody();
        body[key] = JsonNode.Parse(json);

        Reply reply = (await PostAsync("/api/service/apikeys", body)).AssertAtlanError(400);

        Assert.Contains(key, reply.ErrorMessage);
        Assert.Equal(key, reply.ErrorLocation);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    public async Task Create_WithBlankDisplayName_Is400(string displayName)
    {
        Reply reply = (await PostAsync("/api/service/apikeys", TokenBody(displayName))).AssertAtlanError(400);
        Assert.Equal("displayName", reply.ErrorLocation);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(409968001)]
    public async Task Create_WithValidityOutOfRange_Is400(long validity)
    {
        JsonObject body = TokenBody();
        body["validitySeconds"] = validity;
        Reply reply = (await PostAsync("/api/service/apikeys", body)).AssertAtlanError(400);
        Assert.Equal("validitySeconds", reply.ErrorLocation);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(157680000)]
    [InlineData(409968000)]
    public async Task Create_WithValidityInRange_StoresIt(long validity)
    {
        JsonObject body = TokenBody();
        body["validitySeconds"] = validity;
        Reply reply = (await PostAsync("/api/service/apikeys", body)).AssertStatus(200);
        Assert.Equal(validity.ToString(), (string)reply.Object["attributes"]!["access.token.lifespan"]!);
    }

    [Fact]
    public async Task Create_WithUnknownPersona_Is400NamingItAndStoresNothing()
    {
        Reply reply = (await PostAsync("/api/service/apikeys", TokenBody("p", "", DataStewardsQn, "default/doesNotExist0000000000"))).AssertAtlanError(400);

        Assert.Contains("default/doesNotExist0000000000", reply.ErrorMessage);
        await AssertOnlySeedTokenExists();
    }

    [Fact]
    public async Task Create_WithNonEmptyPersonas_Is400()
    {
        JsonObject body = TokenBody();
        body["personas"] = new JsonArray("Data Stewards");
        (await PostAsync("/api/service/apikeys", body)).AssertAtlanError(400);
    }

    [Fact]
    public async Task Create_WithTooLongNameOrDescription_Is400()
    {
        (await PostAsync("/api/service/apikeys", TokenBody(new string('n', 256)))).AssertAtlanError(400);
        (await PostAsync("/api/service/apikeys", TokenBody("ok", new string('d', 256)))).AssertAtlanError(400);
        (await PostAsync("/api/service/apikeys", TokenBody(new string('n', 255), new string('d', 255)))).AssertStatus(200);
    }

    [Fact]
    public async Task Create_WithBodyThatIsNotAJsonObject_Is400()
    {
        (await PostAsync("/api/service/apikeys", "[1,2]")).AssertAtlanError(400);
        (await PostAsync("/api/service/apikeys", "{\"displayName\":")).AssertAtlanError(400);
    }

    [Fact]
    public async Task Create_WithoutJsonContentType_Is415()
    {
        (await SendAsync(HttpMethod.Post, "/api/service/apikeys", body: TokenBody().ToJsonString(), contentType: "text/plain")).AssertAtlanError(415);
    }

    [Fact]
    public async Task Create_ReturnsBareRecordWithAccessTokenAndStoresCreator()
    {
        JsonObject created = await CreateTokenAsync("ci-token", "for CI", DataStewardsQn);

        Assert.Matches("^apikey-[0-9a-f-]{36}$", (string)created["clientId"]!);
        Assert.Matches("^[0-9a-f-]{36}$", (string)created["id"]!);
        Assert.Equal("ci-token", (string)created["displayName"]!);
        JsonObject attributes = created["attributes"]!.AsObject();
        Assert.Equal(3, AccessTokenOf(created).Split('.').Length);
        Assert.Equal("157680000", (string)attributes["access.token.lifespan"]!);
        Assert.IsType<string>((string)attributes["createdAt"]!);
        Assert.Equal(AdminUsername, (string)attributes["createdBy"]!);
        Assert.Equal("for CI", (string)attributes["description"]!);
        JsonObject persona = attributes["personaQualifiedName"]![0]!.AsObject();
        Assert.Equal("Data Stewards", (string)persona["persona"]!);
        Assert.Equal(DataStewardsQn, (string)persona["personaQualifiedName"]!);
        Assert.Equal("00000000-0000-4000-8000-000000000100", (string)persona["id"]!);
        Assert.Empty(attributes["workspacePermissions"]!.AsArray());
    }

    [Fact]
    public async Task Create_DuplicateDisplayNames_AreAllowed()
    {
        await CreateTokenAsync("same");
        await CreateTokenAsync("same");
        JsonObject list = await ListTokensAsync("filter=" + System.Uri.EscapeDataString("{\"displayName\":\"same\"}"));
        Assert.Equal(2, (int)list["filterRecord"]!);
    }

    [Fact]
    public async Task ListedRecords_NeverCarryTheAccessToken()
    {
        await CreateTokenAsync("secret-holder");
        Reply reply = await GetAsync("/api/service/apikeys?limit=50");
        Assert.DoesNotContain("accessToken", reply.Text);
    }

    [Theory]
    [InlineData("displayName")]
    [InlineData("description")]
    [InlineData("personas")]
    [InlineData("personaQualifiedNames")]
    public async Task Update_WithoutRequiredKey_Is400(string key)
    {
        JsonObject created = await CreateTokenAsync();
        JsonObject body = TokenBody("renamed");
        body.Remove(key);
        Reply reply = (await PostAsync($"/api/service/apikeys/{created["id"]}", body)).AssertAtlanError(400);
        Assert.Equal(key, reply.ErrorLocation);
    }

    [Fact]
    public async Task Update_ReplacesNameDescriptionAndWholePersonaSet()
    {
        JsonObject created = await CreateTokenAsync("before", "old description", DataStewardsQn, AnalystsQn);

        Reply reply = (await PostAsync($"/api/service/apikeys/{created["id"]}", TokenBody("after", ""))).AssertStatus(200);

        JsonObject updated = reply.Object;
        Assert.Equal("after", (string)updated["displayName"]!);
        Assert.Equal("", (string)updated["attributes"]!["description"]!);
        Assert.Empty(updated["attributes"]!["personaQualifiedName"]!.AsArray());
        Assert.Null(updated["attributes"]!["accessToken"]);
        Assert.Equal((string)created["clientId"]!, (string)updated["clientId"]!);
    }

    [Fact]
    public async Task Update_LinksPersonasByQualifiedName()
    {
        JsonObject created = await CreateTokenAsync();
        Reply reply = (await PostAsync($"/api/service/apikeys/{created["id"]}", TokenBody("ci-token", "", AnalystsQn))).AssertStatus(200);
        Assert.Equal("Analysts", (string)reply.Object["attributes"]!["personaQualifiedName"]![0]!["persona"]!);
    }

    [Fact]
    public async Task Update_UnknownGuidIs404_UnknownPersonaIs400()
    {
        (await PostAsync("/api/service/apikeys/5b7c1d2e-0000-4000-8000-000000000000", TokenBody())).AssertAtlanError(404);
        JsonObject created = await CreateTokenAsync();
        (await PostAsync($"/api/service/apikeys/{created["id"]}", TokenBody("x", "", "default/none"))).AssertAtlanError(400);
    }

    [Fact]
    public async Task Delete_Is200WithEmptyBody_ThenUnknownIs404()
    {
        JsonObject created = await CreateTokenAsync();
        Reply deleted = (await SendAsync(HttpMethod.Delete, $"/api/service/apikeys/{created["id"]}")).AssertStatus(200);
        Assert.Equal("", deleted.Text);
        (await SendAsync(HttpMethod.Delete, $"/api/service/apikeys/{created["id"]}")).AssertAtlanError(404);
    }

    private async Task AssertOnlySeedTokenExists()
    {
        JsonObject list = await ListTokensAsync("count=true");
        Assert.Equal(1, (int)list["totalRecord"]!);
        Assert.Equal("emulator-admin", (string)list["records"]!.AsArray().Single()!["displayName"]!);
    }
}
