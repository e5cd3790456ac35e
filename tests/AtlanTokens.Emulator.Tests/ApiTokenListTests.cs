using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace AtlanTokens.Emulator.Tests;

public sealed class ApiTokenListTests : EmulatorHarness
{
    private static string Filter(string json) => "filter=" + Uri.EscapeDataString(json);

    private static string FilterFor(string key, string value) => Filter(new JsonObject { [key] = value }.ToJsonString());

    [Theory]
    [InlineData("count=True")]
    [InlineData("count=true")]
    [InlineData("count=false")]
    [InlineData("")]
    public async Task List_ReturnsWrapperWithCounts(string query)
    {
        JsonObject list = await ListTokensAsync(query);
        Assert.Equal(1, (int)list["totalRecord"]!);
        Assert.Equal(1, (int)list["filterRecord"]!);
        Assert.Single(list["records"]!.AsArray());
    }

    [Theory]
    [InlineData("count=yes")]
    [InlineData("offset=-1")]
    [InlineData("limit=abc")]
    [InlineData("sort=name")]
    [InlineData("sort=-updatedAt")]
    public async Task List_WithBadParameter_Is400(string query)
    {
        (await GetAsync("/api/service/apikeys?" + query)).AssertAtlanError(400);
    }

    [Theory]
    [InlineData("{\"displayName\":")]
    [InlineData("[\"displayName\"]")]
    [InlineData("{\"name\":\"x\"}")]
    [InlineData("{\"displayName\":1}")]
    public async Task List_WithMalformedOrUnknownFilter_Is400(string filter)
    {
        (await GetAsync("/api/service/apikeys?" + Filter(filter))).AssertAtlanError(400);
    }

    [Fact]
    public async Task List_WithNoMatch_HasEmptyRecordsArray()
    {
        JsonObject list = await ListTokensAsync(FilterFor("displayName", "nobody"));
        Assert.Equal(0, (int)list["filterRecord"]!);
        Assert.Equal(1, (int)list["totalRecord"]!);
        Assert.NotNull(list["records"]);
        Assert.Empty(list["records"]!.AsArray());
    }

    [Theory]
    [InlineData("quote \" inside")]
    [InlineData("back\\slash")]
    [InlineData("ünïcødé 名前 🚀")]
    [InlineData("plus+and&amp")]
    public async Task DisplayNameFilter_MatchesExactlyIncludingSpecialCharacters(string name)
    {
        await CreateTokenAsync(name);
        await CreateTokenAsync(name + " ");
        await CreateTokenAsync(name.ToUpperInvariant());

        JsonObject list = await ListTokensAsync(FilterFor("displayName", name));

        Assert.Equal(1, (int)list["filterRecord"]!);
        Assert.Equal(name, (string)list["records"]![0]!["displayName"]!);
    }

    [Fact]
    public async Task ClientIdAndIdFilters_MatchExactly_AndServiceAccountPrefixIsNotStripped()
    {
        JsonObject created = await CreateTokenAsync();
        string clientId = (string)created["clientId"]!;

        Assert.Equal(1, (int)(await ListTokensAsync(FilterFor("clientId", clientId)))["filterRecord"]!);
        Assert.Equal(1, (int)(await ListTokensAsync(FilterFor("id", (string)created["id"]!)))["filterRecord"]!);
        Assert.Equal(0, (int)(await ListTokensAsync(FilterFor("clientId", "service-account-" + clientId)))["filterRecord"]!);
        Assert.Equal(0, (int)(await ListTokensAsync(FilterFor("clientId", clientId.ToUpperInvariant())))["filterRecord"]!);
    }

    [Fact]
    public async Task SeveralFilterKeys_AreAnded()
    {
        JsonObject created = await CreateTokenAsync("both");
        await CreateTokenAsync("both");
        string filter = new JsonObject { ["displayName"] = "both", ["clientId"] = (string)created["clientId"]! }.ToJsonString();
        Assert.Equal(1, (int)(await ListTokensAsync(Filter(filter)))["filterRecord"]!);
    }

    [Fact]
    public async Task RawUnencodedFilter_AsJavaSendsIt_IsAccepted()
    {
        await CreateTokenAsync("java+name");
        string request = "GET /api/service/apikeys?limit=2&offset=0&sort=-createdAt&filter={\"displayName\":\"java+name\"} HTTP/1.1\r\n"
            + $"Host: 127.0.0.1:{BaseUrl.Port}\r\nAuthorization: Bearer {AdminAccessToken}\r\nAccept: application/json\r\nConnection: close\r\n\r\n";
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", BaseUrl.Port);
        NetworkStream stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        string response = await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 200", response);
        JsonObject body = JsonNode.Parse(response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..])!.AsObject();
        Assert.Equal(1, (int)body["filterRecord"]!);
        Assert.Equal("java+name", (string)body["records"]![0]!["displayName"]!);
    }

    [Fact]
    public async Task Paging_WithEachSort_IsStableAndComplete()
    {
        Reply bulk = await PostAsync("/_emulator/tokens/bulk", new JsonObject { ["count"] = 57, ["prefix"] = "page-" }, token: null);
        bulk.AssertStatus(200);
        // Duplicate names make ties that only the id tie-break can order.
        await CreateTokenAsync("page-1");
        await CreateTokenAsync("page-1");

        foreach (string sort in new[] { "createdAt", "-createdAt", "displayName", "-displayName" })
        {
            var seen = new List<string>();
            for (int offset = 0; ; offset += 10)
            {
                JsonObject page = await ListTokensAsync($"count=true&sort={Uri.EscapeDataString(sort)}&offset={offset}&limit=10");
                JsonArray records = page["records"]!.AsArray();
                if (records.Count == 0)
                {
                    break;
                }

                seen.AddRange(records.Select(record => (string)record!["id"]!));
            }

            Assert.Equal(60, seen.Count);
            Assert.Equal(60, seen.Distinct().Count());
            JsonObject all = await ListTokensAsync($"sort={Uri.EscapeDataString(sort)}&limit=100");
            Assert.Equal(seen, all["records"]!.AsArray().Select(record => (string)record!["id"]!));
        }
    }

    [Fact]
    public async Task DefaultSort_IsNewestFirst_AndDefaultLimitIs20()
    {
        await PostAsync("/_emulator/tokens/bulk", new JsonObject { ["count"] = 30 }, token: null);
        JsonObject page = await ListTokensAsync("count=true");
        JsonArray records = page["records"]!.AsArray();
        Assert.Equal(20, records.Count);
        long[] createdAt = [.. records.Select(record => long.Parse((string)record!["attributes"]!["createdAt"]!))];
        Assert.Equal(createdAt.OrderByDescending(value => value), createdAt);
    }

    [Fact]
    public async Task Limit_IsClampedTo500()
    {
        await PostAsync("/_emulator/tokens/bulk", new JsonObject { ["count"] = 700 }, token: null);
        JsonObject page = await ListTokensAsync("limit=1000");
        Assert.Equal(500, page["records"]!.AsArray().Count);
        Assert.Equal(701, (int)page["filterRecord"]!);
    }
}
