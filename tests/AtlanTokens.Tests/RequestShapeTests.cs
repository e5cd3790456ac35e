using System;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using AtlanTokens.Client;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>What reaches the tenant: method, path, query, body keys and headers of every call (contract Part A).</summary>
    public class RequestShapeTests
    {
        private static readonly string[] NoPersonas = Array.Empty<string>();

        [Fact]
        public async Task Create_sends_all_five_keys_with_empty_personas_and_clamped_validity()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, TestClients.TokenRecord);
            using var client = TestClients.Create(handler);
            await new ApiTokensEndpoint(client).CreateAsync("ci-deploy", "", new[] { "default/abc" }, 3600, NullAtlanLog.Instance, default);

            RecordedRequest sent = Assert.Single(handler.Requests);
            Assert.Equal("POST", sent.Method);
            Assert.Equal("/api/service/apikeys", sent.Path);
            Assert.Empty(sent.Uri.Query);
            using JsonDocument body = JsonDocument.Parse(sent.Body!);
            Assert.Equal(new[] { "description", "displayName", "personaQualifiedNames", "personas", "validitySeconds" },
                body.RootElement.EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal("ci-deploy", body.RootElement.GetProperty("displayName").GetString());
            Assert.Equal("", body.RootElement.GetProperty("description").GetString());
            Assert.Equal(0, body.RootElement.GetProperty("personas").GetArrayLength());
            Assert.Equal("default/abc", body.RootElement.GetProperty("personaQualifiedNames")[0].GetString());
            Assert.Equal(3600, body.RootElement.GetProperty("validitySeconds").GetInt64());
            Assert.StartsWith("application/json", sent.ContentType);
        }

        [Theory]
        [InlineData("..")]
        [InlineData(".")]
        [InlineData("")]
        public async Task An_object_id_that_a_url_would_read_as_a_directory_step_is_refused_before_sending(string id)
        {
            var handler = new RecordingHandler();
            using var client = TestClients.Create(handler);
            var tokens = new ApiTokensEndpoint(client);
            var delete = await Assert.ThrowsAsync<AtlanResponseException>(() => tokens.DeleteAsync(id, NullAtlanLog.Instance, default));
            Assert.Equal("AtlanInvalidResponse", delete.ErrorId);
            await Assert.ThrowsAsync<AtlanResponseException>(() => tokens.UpdateAsync(id, "n", "", Array.Empty<string>(), NullAtlanLog.Instance, default));
            await Assert.ThrowsAsync<AtlanResponseException>(() => new EntitiesEndpoint(client).ReadStoredAsync(id, NullAtlanLog.Instance, default));
            Assert.Empty(handler.Requests);
        }

        [Fact]
        public async Task An_object_id_is_one_escaped_path_segment()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, "");
            using var client = TestClients.Create(handler);
            await new ApiTokensEndpoint(client).DeleteAsync("a/../b", NullAtlanLog.Instance, default);
            RecordedRequest sent = Assert.Single(handler.Requests);
            Assert.Equal("/api/service/apikeys/a%2F..%2Fb", sent.Uri.AbsolutePath);
        }

        [Fact]
        public async Task Every_call_carries_the_sdk_headers_and_a_fresh_request_id()
        {
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, """{"username":"service-account-apikey-x"}""")
                .Answer(HttpStatusCode.OK, """{"username":"service-account-apikey-x"}""");
            using var client = TestClients.Create(handler);
            var users = new UsersEndpoint(client);
            await users.GetCurrentAsync(NullAtlanLog.Instance, default);
            await users.GetCurrentAsync(NullAtlanLog.Instance, default);

            foreach (RecordedRequest sent in handler.Requests)
            {
                Assert.Equal("GET", sent.Method);
                Assert.Equal("/api/service/users/current", sent.Path);
                Assert.Equal("Bearer " + TestClients.ApiKey, sent.Headers["Authorization"]);
                Assert.Equal("application/json", sent.Headers["Accept"]);
                Assert.StartsWith("AtlanTokens-PowerShell/", sent.Headers["User-Agent"]);
                Assert.Equal("sdk", sent.Headers["x-atlan-agent"]);
                Assert.Equal("powershell", sent.Headers["x-atlan-agent-id"]);
                Assert.Equal("product_sdk", sent.Headers["x-atlan-client-origin"]);
                Assert.True(Guid.TryParse(sent.Headers["X-Atlan-Request-Id"], out _));
                Assert.Null(sent.Body);
            }

            Assert.NotEqual(handler.Requests[0].Headers["X-Atlan-Request-Id"], handler.Requests[1].Headers["X-Atlan-Request-Id"]);
        }

        [Fact]
        public async Task Update_posts_to_the_guid_with_the_complete_persona_set_and_no_validity()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, TestClients.TokenRecord);
            using var client = TestClients.Create(handler);
            await new ApiTokensEndpoint(client).UpdateAsync("5f0e8e0c-1111-4a4a-9b9b-000000000001", "n", "d", new[] { "default/a", "default/b" }, NullAtlanLog.Instance, default);

            RecordedRequest sent = Assert.Single(handler.Requests);
            Assert.Equal("POST", sent.Method);
            Assert.Equal("/api/service/apikeys/5f0e8e0c-1111-4a4a-9b9b-000000000001", sent.Path);
            using JsonDocument body = JsonDocument.Parse(sent.Body!);
            Assert.Equal(new[] { "description", "displayName", "personaQualifiedNames", "personas" },
                body.RootElement.EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(new[] { "default/a", "default/b" }, body.RootElement.GetProperty("personaQualifiedNames").EnumerateArray().Select(e => e.GetString()));
        }

        [Fact]
        public async Task Delete_sends_delete_to_the_guid_and_accepts_an_empty_body()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, "");
            using var client = TestClients.Create(handler);
            await new ApiTokensEndpoint(client).DeleteAsync("g-1", NullAtlanLog.Instance, default);
            RecordedRequest sent = Assert.Single(handler.Requests);
            Assert.Equal("DELETE", sent.Method);
            Assert.Equal("/api/service/apikeys/g-1", sent.Path);
            Assert.Null(sent.Body);
        }

        [Fact]
        public async Task Delete_accepts_a_json_body()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, "{}");
            using var client = TestClients.Create(handler);
            await new ApiTokensEndpoint(client).DeleteAsync("g-1", NullAtlanLog.Instance, default);
            Assert.Single(handler.Requests);
        }

        [Theory]
        [InlineData("plain")]
        [InlineData("with \"quotes\" and \\backslash\\")]
        [InlineData("ünïcødé ✓ 名前")]
        [InlineData("a&b=c?d#e+f%20")]
        public async Task Look_up_by_name_sends_an_exact_json_filter_that_round_trips(string name)
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, """{"totalRecord":0,"filterRecord":0,"records":[]}""");
            using var client = TestClients.Create(handler);
            await new ApiTokensEndpoint(client).FindAsync(ApiTokenFilter.ByDisplayName(name), NullAtlanLog.Instance, default);

            RecordedRequest sent = Assert.Single(handler.Requests);
            Assert.Equal("GET", sent.Method);
            Assert.Equal("/api/service/apikeys", sent.Path);
            var query = sent.Query;
            Assert.Equal("true", query["count"]);
            Assert.Equal("0", query["offset"]);
            Assert.Equal(ApiTokensEndpoint.LookupPageSize.ToString(), query["limit"]);
            Assert.Equal("createdAt", query["sort"]);
            using JsonDocument filter = JsonDocument.Parse(query["filter"]);
            Assert.Equal(name, filter.RootElement.GetProperty("displayName").GetString());
            Assert.Single(filter.RootElement.EnumerateObject());
            Assert.DoesNotContain(" ", sent.Uri.Query);
        }

        [Theory]
        [InlineData("apikey-123", "apikey-123")]
        [InlineData("service-account-apikey-123", "apikey-123")]
        public async Task Look_up_by_client_id_strips_the_username_prefix(string given, string expected)
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, """{"totalRecord":0,"filterRecord":0,"records":null}""");
            using var client = TestClients.Create(handler);
            await new ApiTokensEndpoint(client).FindAsync(ApiTokenFilter.ByClientId(given), NullAtlanLog.Instance, default);
            using JsonDocument filter = JsonDocument.Parse(Assert.Single(handler.Requests).Query["filter"]);
            Assert.Equal(expected, filter.RootElement.GetProperty("clientId").GetString());
        }

        [Fact]
        public async Task Look_up_by_guid_filters_on_id()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, """{"totalRecord":1,"filterRecord":1,"records":[""" + TestClients.TokenRecord + "]}");
            using var client = TestClients.Create(handler);
            var token = await new ApiTokensEndpoint(client).FindByGuidAsync("5f0e8e0c-1111-4a4a-9b9b-000000000001", NullAtlanLog.Instance, default);
            using JsonDocument filter = JsonDocument.Parse(Assert.Single(handler.Requests).Query["filter"]);
            Assert.Equal("5f0e8e0c-1111-4a4a-9b9b-000000000001", filter.RootElement.GetProperty("id").GetString());
            Assert.Equal("ci-deploy", token!.DisplayName);
        }

        [Fact]
        public async Task Persona_search_asks_for_active_personas_by_type_with_name_and_qualified_name()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, """
                {"queryType":"INDEX","approximateCount":1,"entities":[{"typeName":"Persona","guid":"g1","status":"ACTIVE",
                  "attributes":{"name":"Data Stewards","qualifiedName":"default/abc","description":"d"}}]}
                """);
            using var client = TestClients.Create(handler);
            var personas = await new Session.PersonaDirectory(new SearchEndpoint(client)).GetAllAsync(false, NullAtlanLog.Instance, default);

            RecordedRequest sent = Assert.Single(handler.Requests);
            Assert.Equal("POST", sent.Method);
            Assert.Equal("/api/meta/search/indexsearch", sent.Path);
            using JsonDocument body = JsonDocument.Parse(sent.Body!);
            var filters = body.RootElement.GetProperty("dsl").GetProperty("query").GetProperty("bool").GetProperty("filter").EnumerateArray()
                .Select(f => f.GetProperty("term").EnumerateObject().Single())
                .ToDictionary(p => p.Name, p => p.Value.GetProperty("value").GetString());
            Assert.Equal("Persona", filters["__typeName.keyword"]);
            Assert.Equal("ACTIVE", filters["__state"]);
            Assert.Contains("qualifiedName", body.RootElement.GetProperty("attributes").EnumerateArray().Select(a => a.GetString()));
            Assert.Equal(0, body.RootElement.GetProperty("dsl").GetProperty("from").GetInt32());
            var persona = Assert.Single(personas);
            Assert.Equal(("Data Stewards", "default/abc", "g1"), (persona.Name, persona.QualifiedName, persona.Guid));
        }

        [Fact]
        public async Task A_base_url_with_a_path_still_targets_the_tenant_root()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, """{"username":"u"}""");
            Assert.True(Session.TenantUrl.TryParse("https://tenant.example.com/some/path/?x=1", out Uri? baseUri, out _, out bool dropped));
            Assert.True(dropped);
            using var client = new AtlanClient(baseUri!, SecretText.FromString("k"), new AtlanClientOptions(), handler);
            await new UsersEndpoint(client).GetCurrentAsync(NullAtlanLog.Instance, default);
            Assert.Equal("https://tenant.example.com/api/service/users/current", handler.Requests[0].Uri.ToString());
        }
    }
}
