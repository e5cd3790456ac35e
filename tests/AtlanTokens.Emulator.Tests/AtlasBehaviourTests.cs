using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace AtlanTokens.Emulator.Tests;

/// <summary>The Atlas behaviours of the contract: lagging index, stored reads, unchanged saves, Atlas rules and error shapes.</summary>
public sealed class AtlasBehaviourTests : EmulatorHarness
{
    private const string TempGuid = "-4729384710293847";

    internal static JsonObject Save(string typeName, string qualifiedName, string name, params (string List, string[] Users)[] lists)
    {
        var attributes = new JsonObject { ["qualifiedName"] = qualifiedName, ["name"] = name };
        foreach ((string list, string[] users) in lists)
        {
            attributes[list] = new JsonArray([.. users.Select(user => (JsonNode?)user)]);
        }

        return new JsonObject { ["entities"] = new JsonArray(new JsonObject { ["typeName"] = typeName, ["guid"] = TempGuid, ["attributes"] = attributes }) };
    }

    private static string[] Users(JsonNode? attributes, string list) => [.. attributes![list]!.AsArray().Select(user => (string)user!)];

    private async Task<JsonObject> StoredAsync(string guid, string token)
    {
        Reply reply = (await GetAsync($"/api/meta/entity/guid/{guid}?minExtInfo=true&ignoreRelationships=true", token)).AssertStatus(200);
        return reply.Object["entity"]!.AsObject();
    }

    private async Task<JsonObject> SearchedAsync(string guid, string token) =>
        (await PostAsync("/api/meta/search/indexsearch", SearchTests.Search(("__guid", guid)), token)).AssertStatus(200).Object["entities"]![0]!["attributes"]!.AsObject();

    private async Task<string> TokenUserAsync() => "service-account-" + (string)(await CreateTokenAsync())["clientId"]!;

    private async Task SetIndexLagAsync(int milliseconds) =>
        (await PostAsync("/_emulator/index-lag", new JsonObject { ["milliseconds"] = milliseconds }, token: null)).AssertStatus(200);

    [Fact]
    public async Task EntityRead_AnswersTheStoredAsset_WithTheSdkMinimalReadParameters()
    {
        string alice = await BearerForAsync("alice");
        Reply reply = (await GetAsync($"/api/meta/entity/guid/{DevBigQueryGuid}?minExtInfo=true&ignoreRelationships=true", alice)).AssertStatus(200);

        JsonObject entity = reply.Object["entity"]!.AsObject();
        Assert.Equal("Connection", (string)entity["typeName"]!);
        Assert.Equal(DevBigQueryGuid, (string)entity["guid"]!);
        Assert.Equal(DevBigQueryQn, (string)entity["attributes"]!["qualifiedName"]!);
        Assert.Equal(["alice"], Users(entity["attributes"], "adminUsers"));
        Assert.Empty(Users(entity["attributes"], "adminGroups"));
        Assert.NotNull(reply.Object["referredEntities"]);
        (await GetAsync($"/api/meta/entity/guid/{DevBigQueryGuid}", alice)).AssertStatus(200);
    }

    [Fact]
    public async Task EntityRead_UnknownGuid_IsAnAtlas404()
    {
        Reply reply = await GetAsync("/api/meta/entity/guid/11111111-2222-4333-8444-555555555555?minExtInfo=true", await BearerForAsync("alice"));
        reply.AssertAtlasError(404, "ATLAS-404-00-005");
        Assert.Contains("11111111-2222-4333-8444-555555555555", reply.ErrorMessage);
    }

    [Fact]
    public async Task EntityRead_StaysStrict_OnUnknownParametersAndHiddenCollections()
    {
        string alice = await BearerForAsync("alice");
        (await GetAsync($"/api/meta/entity/guid/{DevBigQueryGuid}?withSecrets=true", alice)).AssertAtlanError(400);
        (await GetAsync($"/api/meta/entity/guid/{DevBigQueryGuid}?minExtInfo=maybe", alice)).AssertAtlanError(400);
        Reply hidden = await GetAsync("/api/meta/entity/guid/00000000-0000-4000-8000-000000000302", await BearerForAsync("carol"));
        hidden.AssertAtlasError(403, "ATLAS-403-00-001");
        Assert.StartsWith("carol is not authorized", hidden.ErrorMessage);
    }

    [Fact]
    public async Task IndexLag_IsOffByDefault_SearchSeesASaveAtOnce()
    {
        string alice = await BearerForAsync("alice");
        string tokenUser = await TokenUserAsync();
        (await PostAsync("/api/meta/entity/bulk", Save("Connection", DevBigQueryQn, "development", ("adminUsers", ["alice", tokenUser])), alice)).AssertStatus(200);

        Assert.Equal(["alice", tokenUser], Users(await SearchedAsync(DevBigQueryGuid, alice), "adminUsers"));
    }

    [Fact]
    public async Task IndexLag_SearchAnswersTheOldLists_UntilTheLagHasPassed_WhileTheStoredReadIsCurrent()
    {
        string alice = await BearerForAsync("alice");
        string tokenUser = await TokenUserAsync();
        await SetIndexLagAsync(2000);
        Assert.Equal(2000, (int)(await GetAsync("/_emulator/index-lag", token: null)).Object["milliseconds"]!);

        (await PostAsync("/api/meta/entity/bulk", Save("Connection", DevBigQueryQn, "development", ("adminUsers", ["alice", tokenUser])), alice)).AssertStatus(200);

        Assert.Equal(["alice"], Users(await SearchedAsync(DevBigQueryGuid, alice), "adminUsers"));
        JsonObject byAdmin = (await PostAsync("/api/meta/search/indexsearch", SearchTests.Search(("adminUsers", tokenUser)), alice)).AssertStatus(200).Object;
        Assert.Equal(0, (int)byAdmin["approximateCount"]!);
        Assert.Equal(["alice", tokenUser], Users((await StoredAsync(DevBigQueryGuid, alice))["attributes"], "adminUsers"));

        Time.Offset += TimeSpan.FromSeconds(2);
        Assert.Equal(["alice", tokenUser], Users(await SearchedAsync(DevBigQueryGuid, alice), "adminUsers"));
        byAdmin = (await PostAsync("/api/meta/search/indexsearch", SearchTests.Search(("adminUsers", tokenUser)), alice)).AssertStatus(200).Object;
        Assert.Equal(DevBigQueryGuid, (string)byAdmin["entities"]![0]!["guid"]!);
    }

    [Fact]
    public async Task SettingTheIndexLag_LetsTheIndexCatchUpWithEarlierSaves()
    {
        string alice = await BearerForAsync("alice");
        string tokenUser = await TokenUserAsync();
        await SetIndexLagAsync(60000);
        (await PostAsync("/api/meta/entity/bulk", Save("Connection", DevBigQueryQn, "development", ("adminUsers", ["alice", tokenUser])), alice)).AssertStatus(200);
        Assert.Equal(["alice"], Users(await SearchedAsync(DevBigQueryGuid, alice), "adminUsers"));

        await SetIndexLagAsync(60000);

        Assert.Equal(["alice", tokenUser], Users(await SearchedAsync(DevBigQueryGuid, alice), "adminUsers"));
    }

    [Fact]
    public async Task IndexLag_IsTurnedOffByReset_AndValidated()
    {
        await SetIndexLagAsync(1000);
        (await PostAsync("/_emulator/reset", new JsonObject(), token: null)).AssertStatus(200);
        Assert.Equal(0, (int)(await GetAsync("/_emulator/index-lag", token: null)).Object["milliseconds"]!);
        (await PostAsync("/_emulator/index-lag", new JsonObject { ["milliseconds"] = -1 }, token: null)).AssertAtlanError(400);
    }

    [Fact]
    public async Task UnchangedSave_IsAnsweredWithOnlyGuidAssignments()
    {
        string alice = await BearerForAsync("alice");
        Reply reply = (await PostAsync("/api/meta/entity/bulk", Save("Connection", DevBigQueryQn, "development", ("adminUsers", ["alice"])), alice)).AssertStatus(200);

        Assert.Equal(["guidAssignments"], reply.Object.Select(pair => pair.Key).ToArray());
        Assert.Equal(DevBigQueryGuid, (string)reply.Object["guidAssignments"]![TempGuid]!);
        JsonObject stored = await StoredAsync(DevBigQueryGuid, alice);
        Assert.Equal(1700000000000, (long)stored["updateTime"]!);
        Assert.Equal("emulator", (string)stored["updatedBy"]!);
    }

    [Fact]
    public async Task ChangedSave_CarriesTheAccessListsInTheUpdateHeader()
    {
        string alice = await BearerForAsync("alice");
        string tokenUser = await TokenUserAsync();
        Reply reply = (await PostAsync("/api/meta/entity/bulk", Save("Connection", DevBigQueryQn, "development", ("adminUsers", ["alice", tokenUser])), alice)).AssertStatus(200);

        JsonObject header = reply.Object["mutatedEntities"]!["UPDATE"]![0]!.AsObject();
        Assert.Equal(["alice", tokenUser], Users(header["attributes"], "adminUsers"));
        Assert.NotNull(header["attributes"]!["adminGroups"]);
        Assert.NotNull(header["attributes"]!["adminRoles"]);
        Assert.NotNull(header["attributes"]!["viewerUsers"]);
    }

    [Fact]
    public async Task SaveLeavingNoAdmin_IsRefusedWithAtlas400_114_AndChangesNothing()
    {
        string alice = await BearerForAsync("alice");
        Reply reply = await PostAsync("/api/meta/entity/bulk", Save("Connection", DevBigQueryQn, "development", ("adminUsers", [])), alice);

        reply.AssertAtlasError(400, "ATLAS-400-00-114");
        Assert.Equal("Admin list should not be empty for type Connection", reply.ErrorMessage);
        Assert.Equal(["alice"], Users((await StoredAsync(DevBigQueryGuid, alice))["attributes"], "adminUsers"));
    }

    [Fact]
    public async Task SaveKeepingAGroupOrRoleAdmin_IsAccepted()
    {
        // reporting: alice as user, $admin as role; dropping alice leaves the role.
        string alice = await BearerForAsync("alice");
        Reply reply = await PostAsync("/api/meta/entity/bulk", Save("Connection", "default/tableau/1700000206", "reporting", ("adminUsers", [])), alice);
        reply.AssertStatus(200);
        Assert.Empty(Users(reply.Object["mutatedEntities"]!["UPDATE"]![0]!["attributes"], "adminUsers"));
    }

    [Fact]
    public async Task CollectionSave_AlwaysKeepsItsCreatorInAdminUsers()
    {
        string alice = await BearerForAsync("alice");
        string tokenUser = await TokenUserAsync();
        Reply reply = (await PostAsync("/api/meta/entity/bulk", Save("Collection", MyCollectionQn, "My query collection", ("adminUsers", [tokenUser])), alice)).AssertStatus(200);

        Assert.Equal([tokenUser, "alice"], Users(reply.Object["mutatedEntities"]!["UPDATE"]![0]!["attributes"], "adminUsers"));
        Assert.Equal([tokenUser, "alice"], Users((await StoredAsync(MyCollectionGuid, alice))["attributes"], "adminUsers"));
        Assert.Equal("alice", (string)(await StoredAsync(MyCollectionGuid, alice))["createdBy"]!);
    }

    [Fact]
    public async Task SearchTimeoutFault_Is429WithAtlasCode_AndNoRetryAfter()
    {
        (await PostAsync("/_emulator/faults", new JsonObject { ["kind"] = "searchTimeout", ["pathPattern"] = "indexsearch" }, token: null)).AssertStatus(200);
        Reply reply = await PostAsync("/api/meta/search/indexsearch", SearchTests.Search(("__guid", DevBigQueryGuid)), await BearerForAsync("alice"));

        reply.AssertAtlasError(429, "ATLAS-400-00-502");
        Assert.Null(reply.RetryAfter);
    }

    [Fact]
    public async Task AtlasUnhandledFault_HasErrorIdMessageAndCauses_ButNoErrorCode()
    {
        (await PostAsync("/_emulator/faults", new JsonObject { ["kind"] = "atlasUnhandled", ["pathPattern"] = "entity" }, token: null)).AssertStatus(200);
        Reply reply = await GetAsync($"/api/meta/entity/guid/{DevBigQueryGuid}", await BearerForAsync("alice"));

        reply.AssertStatus(500);
        Assert.Null(reply.Object["errorCode"]);
        Assert.Matches("^[0-9a-f]{16}$", (string)reply.Object["errorId"]!);
        Assert.False(string.IsNullOrEmpty((string?)reply.Object["message"]));
        Assert.NotNull(reply.Object["causes"]![0]!["errorMessage"]);
    }

    [Fact]
    public async Task DelayAnswerFault_AnswersTheStateReadBeforeALaterWrite()
    {
        string alice = await BearerForAsync("alice");
        string tokenUser = await TokenUserAsync();
        (await PostAsync("/_emulator/faults", new JsonObject { ["kind"] = "delayAnswer", ["method"] = "GET", ["pathPattern"] = "^/api/meta/entity/guid/", ["delayMs"] = 1500 }, token: null)).AssertStatus(200);

        Task<Reply> slowRead = GetAsync($"/api/meta/entity/guid/{DevBigQueryGuid}", alice);
        // The held read is in the request log once its answer (the state it read) is decided; then the write goes
        // through at once. (Waiting for the fault to be used up raced: it is taken before the state is read.)
        while (!(await GetAsync("/_emulator/requests", token: null)).Json!.AsArray().Any(r => (string?)r!["method"] == "GET" && ((string?)r["path"] ?? string.Empty).StartsWith("/api/meta/entity/guid/", StringComparison.Ordinal)))
        {
            await Task.Delay(20);
        }

        (await PostAsync("/api/meta/entity/bulk", Save("Connection", DevBigQueryQn, "development", ("adminUsers", ["alice", tokenUser])), alice)).AssertStatus(200);
        Reply read = (await slowRead).AssertStatus(200);

        Assert.Equal(["alice"], Users(read.Object["entity"]!["attributes"], "adminUsers"));
        Assert.Equal(["alice", tokenUser], Users((await StoredAsync(DevBigQueryGuid, alice))["attributes"], "adminUsers"));
    }
}

/// <summary>A tenant whose id is not 'default': every qualified name starts with that id.</summary>
public sealed class OtherTenantTests : EmulatorHarness
{
    protected override string TenantId => "acme";

    [Fact]
    public async Task QualifiedNames_StartWithTheTenantId_AndTokensTakeThosePersonas()
    {
        string alice = await BearerForAsync("alice");
        JsonObject personas = (await PostAsync("/api/meta/search/indexsearch", SearchTests.Search(("__typeName.keyword", "Persona")), alice)).AssertStatus(200).Object;
        Assert.All(personas["entities"]!.AsArray(), persona => Assert.StartsWith("acme/", (string)persona!["attributes"]!["qualifiedName"]!));

        JsonObject connection = (await GetAsync($"/api/meta/entity/guid/{DevBigQueryGuid}", alice)).AssertStatus(200).Object["entity"]!.AsObject();
        Assert.Equal("acme/bigquery/1700000201", (string)connection["attributes"]!["qualifiedName"]!);
        JsonObject collection = (await GetAsync($"/api/meta/entity/guid/{MyCollectionGuid}", alice)).AssertStatus(200).Object["entity"]!.AsObject();
        Assert.StartsWith("acme/collection/alice/", (string)collection["attributes"]!["qualifiedName"]!);

        (await PostAsync("/api/service/apikeys", TokenBody("acme-token", "", "acme/OhbVrpoiVgRV5IfLBcbfno"))).AssertStatus(200);
        (await PostAsync("/api/service/apikeys", TokenBody("default-token", "", DataStewardsQn))).AssertAtlanError(400);
    }
}

public sealed class TenantIdOptionTests
{
    [Fact]
    public void TenantId_DefaultsToDefault_AndIsValidated()
    {
        Assert.Equal("default", AtlanTokens.Emulator.Hosting.EmulatorOptions.Parse([]).TenantId);
        Assert.Equal("acme-2", AtlanTokens.Emulator.Hosting.EmulatorOptions.Parse(["--tenant-id", "acme-2"]).TenantId);
        Assert.Throws<ArgumentException>(() => AtlanTokens.Emulator.Hosting.EmulatorOptions.Parse(["--tenant-id", "Acme/x"]));
    }
}
