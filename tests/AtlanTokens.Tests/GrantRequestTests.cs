using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Model;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>The grant flow's requests, exactly (contract Part A "Grants", Part B §3–4).</summary>
    public class GrantRequestTests
    {
        private const string Bearer = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
        private const string ConnectionGuid = "00000000-0000-4000-8000-000000000203";
        private const string ConnectionQualifiedName = "default/snowflake/1700000203";

        private static readonly string[] FiftyAdmins = new[] { "alice" }.Concat(Enumerable.Range(1, 49).Select(i => $"steward{i:00}")).ToArray();

        private static AccessListGrant Grants(AtlanClient client) => new AccessListGrant(new SearchEndpoint(client), new EntitiesEndpoint(client));

        private static string ConnectionHit(IEnumerable<string> admins, string guid = ConnectionGuid)
            => JsonSerializer.Serialize(new
            {
                queryType = "INDEX",
                approximateCount = 1,
                entities = new[]
                {
                    new
                    {
                        typeName = "Connection",
                        guid,
                        status = "ACTIVE",
                        attributes = new Dictionary<string, object>
                        {
                            ["name"] = "production",
                            ["qualifiedName"] = ConnectionQualifiedName,
                            ["connectorName"] = "snowflake",
                            ["adminUsers"] = admins.ToArray(),
                        },
                    },
                },
            });

        private static string Mutation(string typeName, string guid, string qualifiedName, string attribute, IEnumerable<string> users)
            => JsonSerializer.Serialize(new
            {
                mutatedEntities = new
                {
                    UPDATE = new[]
                    {
                        new
                        {
                            typeName,
                            guid,
                            status = "ACTIVE",
                            attributes = new Dictionary<string, object> { ["name"] = "x", ["qualifiedName"] = qualifiedName, [attribute] = users.ToArray() },
                        },
                    },
                },
                guidAssignments = new Dictionary<string, string>(),
            });

        private static void AssertJsonEqual(string expected, string actual)
            => Assert.Equal(JsonSerializer.Serialize(JsonDocument.Parse(expected).RootElement), JsonSerializer.Serialize(JsonDocument.Parse(actual).RootElement));

        [Fact]
        public async Task Read_searches_by_guid_type_and_state_with_the_impersonation_token_and_the_exact_body()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, ConnectionHit(FiftyAdmins));
            using AtlanClient client = TestClients.Create(handler);

            GrantTarget? target = await Grants(client).ReadAsync(GrantRight.ConnectionAdmin, ConnectionGuid, SecretText.FromString(Bearer), NullAtlanLog.Instance, default);

            RecordedRequest sent = Assert.Single(handler.Requests);
            Assert.Equal("POST", sent.Method);
            Assert.Equal("/api/meta/search/indexsearch", sent.Path);
            Assert.Equal("Bearer " + Bearer, sent.Headers["Authorization"]);
            AssertJsonEqual(
                """
                {"dsl":{"from":0,"size":100,"track_total_hits":true,
                  "query":{"bool":{"filter":[
                    {"term":{"__guid":{"value":"00000000-0000-4000-8000-000000000203"}}},
                    {"term":{"__typeName.keyword":{"value":"Connection"}}},
                    {"term":{"__state":{"value":"ACTIVE"}}}]}},
                  "sort":[{"__guid":{"order":"asc"}}]},
                 "attributes":["name","qualifiedName","connectorName","adminUsers"],
                 "requestMetadata":{"saveSearchLog":false,"utmTags":["project_sdk_powershell"]}}
                """,
                sent.Body!);
            Assert.NotNull(target);
            Assert.Equal(FiftyAdmins, target!.Users);
            Assert.Equal("snowflake", target.ConnectorName);
        }

        [Theory]
        [InlineData(GrantRight.CollectionEditor, "adminUsers")]
        [InlineData(GrantRight.CollectionViewer, "viewerUsers")]
        public async Task Collection_reads_ask_for_the_list_the_right_changes(GrantRight right, string attribute)
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, """{"queryType":"INDEX","approximateCount":0}""");
            using AtlanClient client = TestClients.Create(handler);

            GrantTarget? target = await Grants(client).ReadAsync(right, "c-1", SecretText.FromString(Bearer), NullAtlanLog.Instance, default);

            Assert.Null(target);
            using JsonDocument body = JsonDocument.Parse(Assert.Single(handler.Requests).Body!);
            Assert.Equal(new[] { "name", "qualifiedName", attribute }, body.RootElement.GetProperty("attributes").EnumerateArray().Select(e => e.GetString()));
            JsonElement filter = body.RootElement.GetProperty("dsl").GetProperty("query").GetProperty("bool").GetProperty("filter");
            Assert.Equal("Collection", filter[1].GetProperty("term").GetProperty("__typeName.keyword").GetProperty("value").GetString());
        }

        [Fact]
        public void Name_searches_filter_on_type_name_connector_and_state_in_that_order()
        {
            List<KeyValuePair<string, string>> terms = AssetLookup.Terms("Connection", "development", "bigquery", null);
            Assert.Equal(
                new[] { "__typeName.keyword=Connection", "name.keyword=development", "connectorName=bigquery", "__state=ACTIVE" },
                terms.Select(t => t.Key + "=" + t.Value));
            Assert.Equal(
                new[] { "__typeName.keyword=Collection", "name.keyword=My query collection", "__state=ACTIVE" },
                AssetLookup.Terms("Collection", "My query collection", null, null).Select(t => t.Key + "=" + t.Value));
        }

        [Fact]
        public async Task Connection_name_search_goes_with_the_impersonation_token()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, ConnectionHit(new[] { "alice" }));
            using AtlanClient client = TestClients.Create(handler);

            List<AtlanConnection> found = await new AssetLookup(new SearchEndpoint(client))
                .FindConnectionsAsync("production", "snowflake", null, NullAtlanLog.Instance, default, SecretText.FromString(Bearer));

            Assert.Equal("production", Assert.Single(found).Name);
            RecordedRequest sent = Assert.Single(handler.Requests);
            Assert.Equal("Bearer " + Bearer, sent.Headers["Authorization"]);
            using JsonDocument body = JsonDocument.Parse(sent.Body!);
            Assert.Equal(4, body.RootElement.GetProperty("dsl").GetProperty("query").GetProperty("bool").GetProperty("filter").GetArrayLength());
        }

        [Fact]
        public async Task Username_comes_from_users_current_with_the_session_key_not_the_impersonation_token()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, """{"username":"service-account-apikey-aaaa"}""");
            using AtlanClient client = TestClients.Create(handler);

            CurrentUser me = await new UsersEndpoint(client).GetCurrentAsync(NullAtlanLog.Instance, default);

            Assert.Equal("service-account-apikey-aaaa", me.Username);
            RecordedRequest sent = Assert.Single(handler.Requests);
            Assert.Equal("/api/service/users/current", sent.Path);
            Assert.Equal("Bearer " + TestClients.ApiKey, sent.Headers["Authorization"]);
        }

        [Fact]
        public async Task One_save_adds_several_tokens_keeping_all_fifty_admins_in_order()
        {
            string[] added = { "service-account-apikey-1111", "service-account-apikey-2222" };
            string[] expected = FiftyAdmins.Concat(added).ToArray();
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, ConnectionHit(FiftyAdmins))
                .Answer(HttpStatusCode.OK, Mutation("Connection", ConnectionGuid, ConnectionQualifiedName, "adminUsers", expected));
            using AtlanClient client = TestClients.Create(handler);
            AccessListGrant grants = Grants(client);
            var bearer = SecretText.FromString(Bearer);

            GrantTarget before = (await grants.ReadAsync(GrantRight.ConnectionAdmin, ConnectionGuid, bearer, NullAtlanLog.Instance, default))!;
            GrantTarget after = await grants.AddAsync(GrantRight.ConnectionAdmin, before, added, bearer, NullAtlanLog.Instance, default);

            Assert.Equal(2, handler.Requests.Count);
            RecordedRequest save = handler.Requests[1];
            Assert.Equal("POST", save.Method);
            Assert.Equal("/api/meta/entity/bulk", save.Path);
            Assert.Empty(save.Uri.Query);
            Assert.Equal("Bearer " + Bearer, save.Headers["Authorization"]);
            Assert.StartsWith("application/json", save.ContentType);
            using JsonDocument body = JsonDocument.Parse(save.Body!);
            Assert.Equal(new[] { "entities" }, body.RootElement.EnumerateObject().Select(p => p.Name));
            JsonElement entity = Assert.Single(body.RootElement.GetProperty("entities").EnumerateArray());
            Assert.Equal(new[] { "typeName", "guid", "attributes" }, entity.EnumerateObject().Select(p => p.Name));
            Assert.Equal("Connection", entity.GetProperty("typeName").GetString());
            Assert.Matches(new Regex("^-[1-9][0-9]{15}$"), entity.GetProperty("guid").GetString()!);
            JsonElement attributes = entity.GetProperty("attributes");
            Assert.Equal(new[] { "qualifiedName", "name", "adminUsers" }, attributes.EnumerateObject().Select(p => p.Name));
            Assert.Equal(ConnectionQualifiedName, attributes.GetProperty("qualifiedName").GetString());
            Assert.Equal("production", attributes.GetProperty("name").GetString());
            Assert.Equal(expected, attributes.GetProperty("adminUsers").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(expected, after.Users);
        }

        [Fact]
        public async Task A_viewer_grant_saves_viewerUsers_only()
        {
            var target = new GrantTarget("Collection", "c-1", "My query collection", "default/collection/alice/x", null, new[] { "carol" });
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, Mutation("Collection", "c-1", "default/collection/alice/x", "viewerUsers", new[] { "carol", "service-account-apikey-1" }));
            using AtlanClient client = TestClients.Create(handler);

            await Grants(client).AddAsync(GrantRight.CollectionViewer, target, new[] { "service-account-apikey-1" }, SecretText.FromString(Bearer), NullAtlanLog.Instance, default);

            using JsonDocument body = JsonDocument.Parse(Assert.Single(handler.Requests).Body!);
            JsonElement entity = body.RootElement.GetProperty("entities")[0];
            Assert.Equal("Collection", entity.GetProperty("typeName").GetString());
            Assert.Equal(new[] { "qualifiedName", "name", "viewerUsers" }, entity.GetProperty("attributes").EnumerateObject().Select(p => p.Name));
            Assert.Equal(new[] { "carol", "service-account-apikey-1" }, entity.GetProperty("attributes").GetProperty("viewerUsers").EnumerateArray().Select(e => e.GetString()));
        }

        [Fact]
        public async Task A_save_whose_answer_lacks_the_username_is_not_confirmed()
        {
            var target = new GrantTarget("Connection", ConnectionGuid, "production", ConnectionQualifiedName, "snowflake", new[] { "alice" });
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, Mutation("Connection", ConnectionGuid, ConnectionQualifiedName, "adminUsers", new[] { "alice" }));
            using AtlanClient client = TestClients.Create(handler);

            var e = await Assert.ThrowsAsync<GrantNotConfirmedException>(() =>
                Grants(client).AddAsync(GrantRight.ConnectionAdmin, target, new[] { "service-account-apikey-1" }, SecretText.FromString(Bearer), NullAtlanLog.Instance, default));
            Assert.Contains("service-account-apikey-1", e.Message);
            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task An_answer_without_UPDATE_is_not_confirmed()
        {
            var target = new GrantTarget("Connection", ConnectionGuid, "production", ConnectionQualifiedName, "snowflake", new[] { "alice" });
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, """{"mutatedEntities":{},"guidAssignments":{}}""");
            using AtlanClient client = TestClients.Create(handler);

            await Assert.ThrowsAsync<GrantNotConfirmedException>(() =>
                Grants(client).AddAsync(GrantRight.ConnectionAdmin, target, new[] { "service-account-apikey-1" }, SecretText.FromString(Bearer), NullAtlanLog.Instance, default));
        }

        [Fact]
        public async Task A_404_on_save_is_reported_and_never_resent()
        {
            var target = new GrantTarget("Connection", ConnectionGuid, "production", ConnectionQualifiedName, "snowflake", new[] { "alice" });
            var handler = new RecordingHandler().Answer(HttpStatusCode.NotFound, """{"errorCode":"ATLAS-404-00-005","errorMessage":"not found"}""");
            using AtlanClient client = TestClients.Create(handler);

            var e = await Assert.ThrowsAsync<AtlanApiException>(() =>
                Grants(client).AddAsync(GrantRight.ConnectionAdmin, target, new[] { "service-account-apikey-1" }, SecretText.FromString(Bearer), NullAtlanLog.Instance, default));
            Assert.Equal(404, e.StatusCode);
            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task A_save_with_an_unknown_outcome_is_reread_and_not_resent_when_it_was_applied()
        {
            var target = new GrantTarget("Connection", ConnectionGuid, "production", ConnectionQualifiedName, "snowflake", FiftyAdmins);
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.ServiceUnavailable, """{"errorCode":"ATLAS-503","errorMessage":"busy"}""")
                .Answer(HttpStatusCode.OK, ConnectionHit(FiftyAdmins.Append("service-account-apikey-1")));
            using AtlanClient client = TestClients.Create(handler);

            GrantTarget after = await Grants(client).AddAsync(GrantRight.ConnectionAdmin, target, new[] { "service-account-apikey-1" }, SecretText.FromString(Bearer), NullAtlanLog.Instance, default);

            Assert.Equal(new[] { "/api/meta/entity/bulk", "/api/meta/search/indexsearch" }, handler.Requests.Select(r => r.Path));
            Assert.Equal(51, after.Users.Count);
        }

        [Fact]
        public async Task A_save_with_an_unknown_outcome_is_resent_once_from_the_reread_list_when_it_was_not_applied()
        {
            var target = new GrantTarget("Connection", ConnectionGuid, "production", ConnectionQualifiedName, "snowflake", new[] { "alice" });
            string[] now = { "alice", "bob" }; // someone else added bob meanwhile: the resend must keep him
            var handler = new RecordingHandler()
                .Throw(new System.IO.IOException("connection reset"))
                .Answer(HttpStatusCode.OK, ConnectionHit(now))
                .Answer(HttpStatusCode.OK, Mutation("Connection", ConnectionGuid, ConnectionQualifiedName, "adminUsers", new[] { "alice", "bob", "service-account-apikey-1" }));
            using AtlanClient client = TestClients.Create(handler);

            await Grants(client).AddAsync(GrantRight.ConnectionAdmin, target, new[] { "service-account-apikey-1" }, SecretText.FromString(Bearer), NullAtlanLog.Instance, default);

            Assert.Equal(new[] { "/api/meta/entity/bulk", "/api/meta/search/indexsearch", "/api/meta/entity/bulk" }, handler.Requests.Select(r => r.Path));
            using JsonDocument resent = JsonDocument.Parse(handler.Requests[2].Body!);
            Assert.Equal(new[] { "alice", "bob", "service-account-apikey-1" },
                resent.RootElement.GetProperty("entities")[0].GetProperty("attributes").GetProperty("adminUsers").EnumerateArray().Select(e => e.GetString()));
        }

        [Fact]
        public async Task A_save_with_an_unknown_outcome_on_an_asset_gone_meanwhile_reports_it_gone()
        {
            var target = new GrantTarget("Connection", ConnectionGuid, "production", ConnectionQualifiedName, "snowflake", new[] { "alice" });
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.BadGateway, "<html>bad gateway</html>", "text/html")
                .Answer(HttpStatusCode.OK, """{"queryType":"INDEX","approximateCount":0}""");
            using AtlanClient client = TestClients.Create(handler);

            await Assert.ThrowsAsync<AssetGoneException>(() =>
                Grants(client).AddAsync(GrantRight.ConnectionAdmin, target, new[] { "service-account-apikey-1" }, SecretText.FromString(Bearer), NullAtlanLog.Instance, default));
            Assert.Equal(2, handler.Requests.Count);
        }

        [Fact]
        public async Task A_rate_limited_save_is_retried_because_it_was_certainly_not_applied()
        {
            var target = new GrantTarget("Connection", ConnectionGuid, "production", ConnectionQualifiedName, "snowflake", new[] { "alice" });
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.TooManyRequests, """{"errorCode":"429","errorMessage":"slow down"}""")
                .Answer(HttpStatusCode.OK, Mutation("Connection", ConnectionGuid, ConnectionQualifiedName, "adminUsers", new[] { "alice", "service-account-apikey-1" }));
            using AtlanClient client = TestClients.Create(handler);

            await Grants(client).AddAsync(GrantRight.ConnectionAdmin, target, new[] { "service-account-apikey-1" }, SecretText.FromString(Bearer), NullAtlanLog.Instance, default);

            Assert.Equal(new[] { "/api/meta/entity/bulk", "/api/meta/entity/bulk" }, handler.Requests.Select(r => r.Path));
        }

        [Fact]
        public void Temporary_guids_are_negative_sixteen_digit_numbers_and_differ()
        {
            var guids = Enumerable.Range(0, 50).Select(_ => EntitiesEndpoint.NewTemporaryGuid()).ToList();
            Assert.All(guids, g => Assert.Matches(new Regex("^-[1-9][0-9]{15}$"), g));
            Assert.Equal(guids.Count, guids.Distinct().Count());
        }
    }
}
