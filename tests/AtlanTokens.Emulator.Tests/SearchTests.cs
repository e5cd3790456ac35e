using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace AtlanTokens.Emulator.Tests;

public sealed class SearchTests : EmulatorHarness
{
    public static JsonObject Search(params (string Field, string Value)[] terms) => new()
    {
        ["dsl"] = new JsonObject
        {
            ["from"] = 0,
            ["size"] = 100,
            ["query"] = new JsonObject
            {
                ["bool"] = new JsonObject
                {
                    ["filter"] = new JsonArray([.. terms.Select(term => (JsonNode?)new JsonObject
                    {
                        ["term"] = new JsonObject { [term.Field] = new JsonObject { ["value"] = term.Value } },
                    })]),
                },
            },
            ["track_total_hits"] = true,
        },
        ["attributes"] = new JsonArray("adminUsers", "adminGroups", "viewerUsers", "connectorName", "description"),
    };

    private async Task<JsonObject> SearchAsync(JsonObject body, string? token = AdminAccessToken)
    {
        Reply reply = (await PostAsync("/api/meta/search/indexsearch", body, token)).AssertStatus(200);
        return reply.Object;
    }

    private static string[] Names(JsonObject result) =>
        result["entities"] is JsonArray entities ? [.. entities.Select(entity => (string)entity!["attributes"]!["name"]!)] : [];

    [Theory]
    [InlineData("Connection")]
    [InlineData("CONNECTION")]
    [InlineData("connection")]
    public async Task TypeName_MatchesCaseInsensitively(string typeName)
    {
        JsonObject result = await SearchAsync(Search(("__typeName.keyword", typeName), ("__state", "ACTIVE")));
        Assert.Equal(6, (int)result["approximateCount"]!);
        Assert.All(result["entities"]!.AsArray(), entity => Assert.Equal("Connection", (string)entity!["typeName"]!));
    }

    [Fact]
    public async Task ConnectionByNameAndConnector_PicksTheRightDevelopment()
    {
        JsonObject both = await SearchAsync(Search(("__typeName.keyword", "CONNECTION"), ("name.keyword", "development")));
        Assert.Equal(2, (int)both["approximateCount"]!);

        JsonObject bigquery = await SearchAsync(Search(("__typeName.keyword", "CONNECTION"), ("name.keyword", "development"), ("connectorName", "bigquery"), ("__state", "ACTIVE")));
        JsonObject hit = bigquery["entities"]!.AsArray().Single()!.AsObject();
        Assert.Equal(DevBigQueryQn, (string)hit["attributes"]!["qualifiedName"]!);
        Assert.Equal("alice", (string)hit["attributes"]!["adminUsers"]![0]!);
        Assert.Equal("INDEX", (string)bigquery["queryType"]!);
    }

    [Fact]
    public async Task NameMatch_IsExact()
    {
        JsonObject result = await SearchAsync(Search(("__typeName.keyword", "Connection"), ("name.keyword", "Development")));
        Assert.Equal(0, (int)result["approximateCount"]!);
        Assert.Null(result["entities"]);
    }

    [Fact]
    public async Task ByGuid_WithPlainTermValue_AndOnlyRequestedAttributes()
    {
        var body = new JsonObject
        {
            ["dsl"] = JsonNode.Parse("{\"from\":0,\"size\":1,\"aggregations\":{},\"track_total_hits\":true,\"query\":{\"bool\":{\"filter\":[{\"term\":{\"__guid\":\"" + ProductionGuid + "\"}}]}},\"sort\":[{\"__guid\":{\"order\":\"asc\"}}]}"),
            ["attributes"] = new JsonArray("adminUsers"),
            ["requestMetadata"] = JsonNode.Parse("{\"saveSearchLog\":false,\"utmTags\":[\"project_sdk_python\"]}"),
        };
        JsonObject hit = (await SearchAsync(body))["entities"]!.AsArray().Single()!.AsObject();
        JsonObject attributes = hit["attributes"]!.AsObject();
        Assert.Equal(50, attributes["adminUsers"]!.AsArray().Count);
        Assert.Equal("production", (string)attributes["name"]!);
        Assert.Null(attributes["connectorName"]);
        Assert.Equal(ProductionGuid, (string)hit["guid"]!);
    }

    [Fact]
    public async Task SuperTypeReferenceable_MatchesEverythingVisible()
    {
        JsonObject result = await SearchAsync(Search(("__superTypeNames.keyword", "Referenceable"), ("__state", "ACTIVE")), await BearerForAsync("alice"));
        Assert.Equal(5 + 6 + 3, (int)result["approximateCount"]!);
    }

    [Fact]
    public async Task Personas_ByNameWithDescription()
    {
        JsonObject result = await SearchAsync(Search(("__typeName.keyword", "PERSONA"), ("name.keyword", "Data Stewards"), ("__state", "ACTIVE")));
        JsonObject attributes = result["entities"]![0]!["attributes"]!.AsObject();
        Assert.Equal(DataStewardsQn, (string)attributes["qualifiedName"]!);
        Assert.False(string.IsNullOrEmpty((string)attributes["description"]!));
    }

    [Fact]
    public async Task DeletedAssets_MatchOnlyWithoutStateOrWhenAskedFor()
    {
        (await PostAsync($"/_emulator/assets/{DevBigQueryGuid}/delete", new JsonObject(), token: null)).AssertStatus(200);

        Assert.Equal(0, (int)(await SearchAsync(Search(("__guid", DevBigQueryGuid), ("__state", "ACTIVE"))))["approximateCount"]!);
        JsonObject deleted = await SearchAsync(Search(("__guid", DevBigQueryGuid), ("__state", "DELETED")));
        Assert.Equal("DELETED", (string)deleted["entities"]![0]!["status"]!);
        Assert.Equal(1, (int)(await SearchAsync(Search(("__guid", DevBigQueryGuid))))["approximateCount"]!);
    }

    [Fact]
    public async Task Collections_AreVisibleOnlyToTheirUsersAndAdmins()
    {
        JsonObject collectionSearch = Search(("__typeName.keyword", "Collection"));
        Assert.Equal(["Finance queries", "My query collection", "Shared analytics"], Names(await SearchAsync(collectionSearch, await BearerForAsync("alice"))));
        Assert.Equal(["Finance queries", "Shared analytics"], Names(await SearchAsync(collectionSearch, await BearerForAsync("bob"))));
        Assert.Equal(["My query collection", "Shared analytics"], Names(await SearchAsync(collectionSearch, await BearerForAsync("carol"))));
        Assert.Empty(Names(await SearchAsync(collectionSearch, AccessTokenOf(await CreateTokenAsync()))));
    }

    [Fact]
    public async Task Paging_WithFromAndSize_IsStable()
    {
        JsonObject first = Search(("__typeName.keyword", "Connection"));
        first["dsl"]!["size"] = 4;
        JsonObject second = Search(("__typeName.keyword", "Connection"));
        second["dsl"]!["from"] = 4;
        second["dsl"]!["size"] = 4;

        string[] names = [.. Names(await SearchAsync(first)), .. Names(await SearchAsync(second))];
        Assert.Equal(["analytics", "development", "development", "legacy-warehouse", "production", "reporting"], names);
    }

    [Fact]
    public async Task TrailingSlash_IsServed()
    {
        (await PostAsync("/api/meta/search/indexsearch/", Search(("__typeName.keyword", "Persona")))).AssertStatus(200);
    }

    [Theory]
    [InlineData("{\"dsl\":{\"query\":{\"match\":{\"name\":\"development\"}}}}")]
    [InlineData("{\"dsl\":{\"query\":{\"bool\":{\"should\":[{\"term\":{\"__guid\":\"x\"}}]}}}}")]
    [InlineData("{\"dsl\":{\"query\":{\"term\":{\"ownerUsers\":\"alice\"}}}}")]
    [InlineData("{\"dsl\":{\"query\":{\"wildcard\":{\"name.keyword\":\"dev*\"}}}}")]
    [InlineData("{\"dsl\":{\"sort\":[{\"popularityScore\":{\"order\":\"desc\"}}]}}")]
    [InlineData("{\"dsl\":{\"size\":10001}}")]
    [InlineData("{\"query\":{}}")]
    public async Task UnsupportedQuery_Is400(string body)
    {
        (await PostAsync("/api/meta/search/indexsearch", body)).AssertAtlanError(400);
    }

    [Fact]
    public async Task Search_RequiresAuthentication()
    {
        (await PostAsync("/api/meta/search/indexsearch", Search(("__typeName.keyword", "Persona")), token: null)).AssertAtlanError(401);
    }
}
