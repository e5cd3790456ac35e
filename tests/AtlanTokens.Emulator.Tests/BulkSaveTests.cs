using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace AtlanTokens.Emulator.Tests;

public sealed class BulkSaveTests : EmulatorHarness
{
    private static JsonObject Save(string typeName, string qualifiedName, string name, string listAttribute, params string[] users) => new()
    {
        ["entities"] = new JsonArray(new JsonObject
        {
            ["typeName"] = typeName,
            ["guid"] = "-4729384710293847",
            ["attributes"] = new JsonObject
            {
                ["qualifiedName"] = qualifiedName,
                ["name"] = name,
                [listAttribute] = new JsonArray([.. users.Select(user => (JsonNode?)user)]),
            },
        }),
    };

    private async Task<JsonObject> AssetAsync(string qualifiedName)
    {
        Reply reply = (await PostAsync("/api/meta/search/indexsearch", SearchTests.Search(("qualifiedName", qualifiedName)), await BearerForAsync("alice"))).AssertStatus(200);
        return reply.Object["entities"]![0]!["attributes"]!.AsObject();
    }

    private static string[] Users(JsonObject attributes, string list) => [.. attributes[list]!.AsArray().Select(user => (string)user!)];

    [Fact]
    public async Task ConnectionAdmin_AddsTokenAsAdmin_AndGetsUpdateResponse()
    {
        JsonObject token = await CreateTokenAsync();
        string tokenUser = "service-account-" + (string)token["clientId"]!;

        Reply reply = (await PostAsync("/api/meta/entity/bulk/?replaceTags=false&appendTags=false",
            Save("CONNECTION", DevBigQueryQn, "development", "adminUsers", "alice", tokenUser), await BearerForAsync("alice"))).AssertStatus(200);

        JsonObject updated = reply.Object["mutatedEntities"]!["UPDATE"]![0]!.AsObject();
        Assert.Equal("Connection", (string)updated["typeName"]!);
        Assert.Equal(DevBigQueryGuid, (string)updated["guid"]!);
        Assert.Equal("ACTIVE", (string)updated["status"]!);
        Assert.Equal("alice", (string)updated["updatedBy"]!);
        Assert.Equal(["alice", tokenUser], Users(updated["attributes"]!.AsObject(), "adminUsers"));
        Assert.Equal(DevBigQueryGuid, (string)reply.Object["guidAssignments"]!["-4729384710293847"]!);
        Assert.Null(reply.Object["mutatedEntities"]!["CREATE"]);
        Assert.Equal(["alice", tokenUser], Users(await AssetAsync(DevBigQueryQn), "adminUsers"));
    }

    [Fact]
    public async Task EachListSent_ReplacesTheStoredList_OthersAreUntouched()
    {
        JsonObject token = await CreateTokenAsync();
        string tokenUser = "service-account-" + (string)token["clientId"]!;

        // A client that forgets the existing 49 stewards drops them: the module has to guard against this.
        (await PostAsync("/api/meta/entity/bulk", Save("Connection", ProductionQn, "production", "adminUsers", "alice", tokenUser), await BearerForAsync("alice"))).AssertStatus(200);

        JsonObject production = await AssetAsync(ProductionQn);
        Assert.Equal(["alice", tokenUser], Users(production, "adminUsers"));
        Assert.Empty(production["adminGroups"]!.AsArray());
        Assert.Equal("snowflake", (string)production["connectorName"]!);
    }

    [Fact]
    public async Task CollectionEditor_AddsViewer_KeepingEditors()
    {
        JsonObject token = await CreateTokenAsync();
        string tokenUser = "service-account-" + (string)token["clientId"]!;

        (await PostAsync("/api/meta/entity/bulk", Save("Collection", MyCollectionQn, "My query collection", "viewerUsers", "carol", tokenUser), await BearerForAsync("alice"))).AssertStatus(200);

        JsonObject collection = await AssetAsync(MyCollectionQn);
        Assert.Equal(["carol", tokenUser], Users(collection, "viewerUsers"));
        Assert.Equal(["alice"], Users(collection, "adminUsers"));
    }

    [Fact]
    public async Task NonAdminOfConnection_Is403SayingSo()
    {
        Reply reply = (await PostAsync("/api/meta/entity/bulk", Save("Connection", DevBigQueryQn, "development", "adminUsers", "alice", "bob"), await BearerForAsync("bob"))).AssertAtlasError(403, "ATLAS-403-00-001");
        Assert.StartsWith("bob is not authorized to perform update entity: type=Connection", reply.ErrorMessage);
        Assert.Contains("not a connection admin", reply.ErrorMessage);
        Assert.Equal(["alice"], Users(await AssetAsync(DevBigQueryQn), "adminUsers"));
    }

    [Fact]
    public async Task NonEditorOfCollection_Is403_EvenAsViewer()
    {
        Reply reply = (await PostAsync("/api/meta/entity/bulk", Save("Collection", MyCollectionQn, "My query collection", "viewerUsers", "carol", "bob"), await BearerForAsync("carol"))).AssertAtlasError(403, "ATLAS-403-00-001");
        Assert.Contains("not an editor of the query collection", reply.ErrorMessage);
    }

    [Fact]
    public async Task AdminByGroupOrRole_IsAllowed()
    {
        (await PostAsync("/api/meta/entity/bulk", Save("Connection", LegacyQn, "legacy-warehouse", "adminUsers", "bob"), await BearerForAsync("carol"))).AssertStatus(200);
        (await PostAsync("/api/meta/entity/bulk", Save("Connection", "default/tableau/1700000206", "reporting", "adminUsers", "alice"), AdminAccessToken)).AssertStatus(200);
    }

    [Fact]
    public async Task ApiToken_CannotAddItself_EvenAsExistingAdmin()
    {
        JsonObject token = await CreateTokenAsync();
        string accessToken = AccessTokenOf(token);
        string tokenUser = "service-account-" + (string)token["clientId"]!;

        // Not an admin yet: refused as a non-admin.
        (await PostAsync("/api/meta/entity/bulk", Save("Connection", DevBigQueryQn, "development", "adminUsers", "alice", tokenUser), accessToken)).AssertAtlasError(403, "ATLAS-403-00-001");

        // Admin by role ($admin on 'reporting'): the seed admin token may save it, but may not add itself.
        Reply reply = (await PostAsync("/api/meta/entity/bulk", Save("Connection", "default/tableau/1700000206", "reporting", "adminUsers", "alice", AdminUsername), AdminAccessToken)).AssertAtlasError(403, "ATLAS-403-00-001");
        Assert.Contains("bearer token", reply.ErrorMessage);
        Assert.Contains("cannot add itself", reply.ErrorMessage);
        Reply viewer = (await PostAsync("/api/meta/entity/bulk", Save("Connection", "default/tableau/1700000206", "reporting", "viewerUsers", AdminUsername), AdminAccessToken)).AssertAtlasError(403, "ATLAS-403-00-001");
        Assert.Contains("cannot add itself", viewer.ErrorMessage);
    }

    [Fact]
    public async Task MissingOrDeletedAsset_Is404_AndNothingIsCreated()
    {
        string alice = await BearerForAsync("alice");
        (await PostAsync("/api/meta/entity/bulk", Save("Connection", "default/bigquery/999", "development", "adminUsers", "alice"), alice)).AssertAtlanError(404);
        (await PostAsync("/api/meta/entity/bulk", Save("Collection", DevBigQueryQn, "development", "adminUsers", "alice"), alice)).AssertAtlanError(404);

        (await PostAsync($"/_emulator/assets/{DevBigQueryGuid}/delete", new JsonObject(), token: null)).AssertStatus(200);
        (await PostAsync("/api/meta/entity/bulk", Save("Connection", DevBigQueryQn, "development", "adminUsers", "alice"), alice)).AssertAtlanError(404);

        Reply state = (await GetAsync("/_emulator/state", token: null)).AssertStatus(200);
        Assert.Equal(6, state.Object["connections"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"entities\":[]}")]
    [InlineData("{\"entities\":[{\"typeName\":\"Connection\",\"guid\":\"-1\",\"attributes\":{\"name\":\"development\"}}]}")]
    [InlineData("{\"entities\":[{\"typeName\":\"Connection\",\"guid\":\"-1\",\"attributes\":{\"qualifiedName\":\"default/bigquery/1700000201\",\"name\":\"development\",\"adminUsers\":\"alice\"}}]}")]
    [InlineData("{\"entities\":[{\"typeName\":\"Connection\",\"guid\":\"-1\",\"attributes\":{\"qualifiedName\":\"default/bigquery/1700000201\",\"name\":\"development\",\"description\":\"x\"}}]}")]
    public async Task MalformedSave_Is400(string body)
    {
        (await PostAsync("/api/meta/entity/bulk", body, await BearerForAsync("alice"))).AssertAtlanError(400);
    }
}
