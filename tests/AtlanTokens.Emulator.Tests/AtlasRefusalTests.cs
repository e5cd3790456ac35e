using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace AtlanTokens.Emulator.Tests;

/// <summary>
/// Atlas's own answers where the emulator used to invent refusals (issue 15 item 8), and the faults that reproduce a
/// deleted token, a creator token, a rename between read and save, a qualified-name-only token list and an endless search.
/// </summary>
public sealed class AtlasRefusalTests : EmulatorHarness
{
    private static string[] Users(JsonNode? attributes, string list) => [.. attributes![list]!.AsArray().Select(user => (string)user!)];

    private async Task<JsonObject> StoredAsync(string guid, string token) =>
        (await GetAsync($"/api/meta/entity/guid/{guid}?minExtInfo=true&ignoreRelationships=true", token)).AssertStatus(200).Object["entity"]!.AsObject();

    private async Task ArmAsync(string kind, string method, string pathPattern, string? body = null, int times = 1)
    {
        var fault = new JsonObject { ["kind"] = kind, ["method"] = method, ["pathPattern"] = pathPattern, ["times"] = times };
        if (body is not null)
        {
            fault["body"] = body;
        }

        (await PostAsync("/_emulator/faults", fault, token: null)).AssertStatus(200);
    }

    [Fact]
    public async Task AddingADeletedTokensUser_IsAtlas500KeycloakUserNotFound_AndStoresNothing()
    {
        string alice = await BearerForAsync("alice");
        JsonObject token = await CreateTokenAsync("soon-gone");
        string username = "service-account-" + (string)token["clientId"]!;
        (await SendAsync(HttpMethod.Delete, "/api/service/apikeys/" + (string)token["id"]!)).AssertStatus(200);

        Reply reply = await PostAsync("/api/meta/entity/bulk", AtlasBehaviourTests.Save("Connection", DevBigQueryQn, "development", ("adminUsers", ["alice", username])), alice);

        reply.AssertAtlasError(500, "ATLAS-500-00-001");
        Assert.Equal($"Keycloak user not found with userName {username}", reply.ErrorMessage);
        Assert.Equal(["alice"], Users((await StoredAsync(DevBigQueryGuid, alice))["attributes"], "adminUsers"));
    }

    [Fact]
    public async Task AddingAnUnknownViewer_To_ACollection_IsAtlas500_RemovingOneIsAllowed()
    {
        string alice = await BearerForAsync("alice");
        (await PostAsync("/api/meta/entity/bulk", AtlasBehaviourTests.Save("Collection", MyCollectionQn, "My query collection", ("viewerUsers", ["carol", "nobody-here"])), alice))
            .AssertAtlasError(500, "ATLAS-500-00-001");
        Assert.Equal(["carol"], Users((await StoredAsync(MyCollectionGuid, alice))["attributes"], "viewerUsers"));
    }

    [Fact]
    public async Task ASaveWithAnotherName_OverwritesTheStoredName()
    {
        string alice = await BearerForAsync("alice");
        Reply reply = (await PostAsync("/api/meta/entity/bulk", AtlasBehaviourTests.Save("Connection", DevBigQueryQn, "Development (old name)", ("adminUsers", ["alice"])), alice)).AssertStatus(200);

        Assert.Equal("Development (old name)", (string)reply.Object["mutatedEntities"]!["UPDATE"]![0]!["attributes"]!["name"]!);
        Assert.Equal("Development (old name)", (string)(await StoredAsync(DevBigQueryGuid, alice))["attributes"]!["name"]!);
    }

    [Fact]
    public async Task CollectionCreator_IsReAdded_OnEverySaveThatCarriesAdminUsers_EvenAnApiToken()
    {
        string alice = await BearerForAsync("alice");
        string tokenUser = "service-account-" + (string)(await CreateTokenAsync("creator"))["clientId"]!;
        JsonObject created = (await PostAsync($"/_emulator/assets/{MyCollectionGuid}/creator", new JsonObject { ["username"] = tokenUser }, token: null)).AssertStatus(200).Object;
        Assert.Equal(tokenUser, (string)created["createdBy"]!);
        Assert.Equal(["alice", tokenUser], Users(created["attributes"], "adminUsers"));

        // Removing the creator: it is put back, so the save changes nothing and answers only guidAssignments.
        Reply kept = (await PostAsync("/api/meta/entity/bulk", AtlasBehaviourTests.Save("Collection", MyCollectionQn, "My query collection", ("adminUsers", ["alice"])), alice)).AssertStatus(200);
        Assert.Null(kept.Object["mutatedEntities"]);
        Assert.Equal(["alice", tokenUser], Users((await StoredAsync(MyCollectionGuid, alice))["attributes"], "adminUsers"));

        // A save without adminUsers leaves the list alone; a save of viewers only never touches the creator.
        (await PostAsync("/api/meta/entity/bulk", AtlasBehaviourTests.Save("Collection", MyCollectionQn, "My query collection", ("viewerUsers", ["bob"])), alice)).AssertStatus(200);
        Assert.Equal(["alice", tokenUser], Users((await StoredAsync(MyCollectionGuid, alice))["attributes"], "adminUsers"));
    }

    [Fact]
    public async Task CreatorControl_RefusesUnknownUsersAndAssets()
    {
        (await PostAsync($"/_emulator/assets/{MyCollectionGuid}/creator", new JsonObject { ["username"] = "service-account-apikey-nobody" }, token: null)).AssertAtlanError(400);
        (await PostAsync("/_emulator/assets/11111111-2222-4333-8444-555555555555/creator", new JsonObject { ["username"] = "alice" }, token: null)).AssertAtlanError(404);
    }

    [Fact]
    public async Task RenameAfterFault_RenamesTheAsset_AfterTheReadAnswered()
    {
        string alice = await BearerForAsync("alice");
        await ArmAsync("renameAfter", "GET", "^/api/meta/entity/guid/", body: "development (renamed)");

        JsonObject read = await StoredAsync(DevBigQueryGuid, alice);
        Assert.Equal("development", (string)read["attributes"]!["name"]!);
        Assert.Equal("development (renamed)", (string)(await StoredAsync(DevBigQueryGuid, alice))["attributes"]!["name"]!);
    }

    [Fact]
    public async Task PersonaNamesMissingFault_ListsPersonasAsAJsonEncodedListOfQualifiedNames()
    {
        await CreateTokenAsync("with-personas", "", DataStewardsQn, AnalystsQn);
        await ArmAsync("personaNamesMissing", "GET", "^/api/service/apikeys$");

        JsonObject page = await ListTokensAsync("count=true&filter=" + Uri.EscapeDataString("{\"displayName\":\"with-personas\"}"));
        JsonNode? listed = page["records"]![0]!["attributes"]!["personaQualifiedName"];
        Assert.Equal(JsonValueKind.String, listed!.GetValueKind());
        Assert.Equal(new[] { DataStewardsQn, AnalystsQn }.Order(), JsonSerializer.Deserialize<string[]>((string)listed!)!.Order());

        // Armed once: the next page has the objects again.
        JsonObject next = await ListTokensAsync("count=true&filter=" + Uri.EscapeDataString("{\"displayName\":\"with-personas\"}"));
        Assert.Equal(JsonValueKind.Array, next["records"]![0]!["attributes"]!["personaQualifiedName"]!.GetValueKind());
    }

    [Fact]
    public async Task EndlessSearchFault_AnswersNewHitsOfTheTypeAskedFor_OnEveryPage()
    {
        string alice = await BearerForAsync("alice");
        await ArmAsync("endlessSearch", "POST", "indexsearch", times: 0);
        var guids = new System.Collections.Generic.HashSet<string>();
        for (int from = 0; from < 300; from += 100)
        {
            JsonObject search = SearchTests.Search(("__typeName.keyword", "Collection"));
            search["dsl"]!["from"] = from;
            search["dsl"]!["size"] = 100;
            JsonObject page = (await PostAsync("/api/meta/search/indexsearch", search, alice)).AssertStatus(200).Object;
            JsonArray entities = page["entities"]!.AsArray();
            Assert.Equal(100, entities.Count);
            Assert.All(entities, e => Assert.Equal("Collection", (string)e!["typeName"]!));
            Assert.All(entities, e => Assert.True(guids.Add((string)e!["guid"]!)));
            Assert.True((long)page["approximateCount"]! > 1_000_000);
        }
    }
}
