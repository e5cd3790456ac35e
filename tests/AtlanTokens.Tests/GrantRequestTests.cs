using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Security;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Session;
using Xunit;
using AtlanTokens.Operations;

namespace AtlanTokens.Tests
{
    /// <summary>The grant flow's requests, exactly (contract Part A "Grants", Part B §3–4).</summary>
    public class GrantRequestTests
    {
        internal const string Bearer = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
        internal const string ConnectionGuid = "00000000-0000-4000-8000-000000000203";
        internal const string ConnectionQualifiedName = "default/snowflake/1700000203";

        private static readonly string[] FiftyAdmins = new[] { "alice" }.Concat(Enumerable.Range(1, 49).Select(i => $"steward{i:00}")).ToArray();

        // The settle wait before each check read runs on a fake clock: these tests take no real time (AccessListChangeTimingTests covers the wait itself).
        private static AccessListChange Grants(AtlanClient client) => new AccessListChange(new EntitiesEndpoint(client), client.BaseUri.ToString(), new AtlanClientOptions { Clock = new FakeClock(), WriteLockDirectory = TestLocks.Directory });

        private static SecureString Key => SecretText.FromString(Bearer);

        internal static string Stored(IEnumerable<string> admins, string typeName = "Connection", string guid = ConnectionGuid, string status = "ACTIVE", IEnumerable<string>? viewers = null, IEnumerable<string>? groups = null)
            => JsonSerializer.Serialize(new
            {
                referredEntities = new { },
                entity = new
                {
                    typeName,
                    guid,
                    status,
                    createdBy = "alice",
                    attributes = new Dictionary<string, object?>
                    {
                        ["name"] = "production",
                        ["qualifiedName"] = ConnectionQualifiedName,
                        ["connectorName"] = "snowflake",
                        ["adminUsers"] = admins.ToArray(),
                        ["adminGroups"] = (groups ?? Array.Empty<string>()).ToArray(),
                        ["adminRoles"] = Array.Empty<string>(),
                        ["viewerUsers"] = viewers?.ToArray(),
                    },
                },
            });

        internal static string Mutation(string typeName, string guid, string qualifiedName, string attribute, IEnumerable<string> users)
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

        /// <summary>Atlas's answer to a save that changed nothing: only the temporary GUID mapped to the real one.</summary>
        private static string Unchanged(string? sent, string guid = ConnectionGuid)
        {
            using JsonDocument body = JsonDocument.Parse(sent!);
            string temporary = body.RootElement.GetProperty("entities")[0].GetProperty("guid").GetString()!;
            return JsonSerializer.Serialize(new { guidAssignments = new Dictionary<string, string> { [temporary] = guid } });
        }

        private static string[] SavedList(RecordedRequest save, string attribute)
        {
            using JsonDocument body = JsonDocument.Parse(save.Body!);
            return body.RootElement.GetProperty("entities")[0].GetProperty("attributes").GetProperty(attribute).EnumerateArray().Select(e => e.GetString()!).ToArray();
        }

        [Fact]
        public async Task Read_gets_the_stored_asset_with_the_minimal_read_parameters_and_the_impersonation_token()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, Stored(FiftyAdmins, groups: new[] { "g1" }));
            using AtlanClient client = TestClients.Create(handler);

            GrantTarget? target = await Grants(client).ReadAsync(GrantRight.ConnectionAdmin, ConnectionGuid, Key, NullAtlanLog.Instance, default);

            RecordedRequest sent = Assert.Single(handler.Requests);
            Assert.Equal("GET", sent.Method);
            Assert.Equal("/api/meta/entity/guid/" + ConnectionGuid, sent.Path);
            Assert.Equal("?minExtInfo=true&ignoreRelationships=true", sent.Uri.Query);
            Assert.Null(sent.Body);
            Assert.Equal("Bearer " + Bearer, sent.Headers["Authorization"]);
            Assert.NotNull(target);
            Assert.Equal(FiftyAdmins, target!.AdminUsers);
            Assert.Equal(new[] { "g1" }, target.AdminGroups);
            Assert.Empty(target.ViewerUsers);
            Assert.Equal("snowflake", target.ConnectorName);
            Assert.Equal("alice", target.CreatedBy);
        }

        [Fact]
        public async Task Read_of_a_missing_deleted_or_other_type_asset_is_null()
        {
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.NotFound, """{"errorCode":"ATLAS-404-00-005","errorMessage":"Given instance guid x is invalid/not found"}""")
                .Answer(HttpStatusCode.OK, Stored(new[] { "alice" }, status: "DELETED"))
                .Answer(HttpStatusCode.OK, Stored(new[] { "alice" }, typeName: "Collection"));
            using AtlanClient client = TestClients.Create(handler);
            AccessListChange grants = Grants(client);

            Assert.Null(await grants.ReadAsync(GrantRight.ConnectionAdmin, ConnectionGuid, Key, NullAtlanLog.Instance, default));
            Assert.Null(await grants.ReadAsync(GrantRight.ConnectionAdmin, ConnectionGuid, Key, NullAtlanLog.Instance, default));
            Assert.Null(await grants.ReadAsync(GrantRight.ConnectionAdmin, ConnectionGuid, Key, NullAtlanLog.Instance, default));
            Assert.Equal(3, handler.Requests.Count);
        }

        [Fact]
        public void Name_searches_filter_on_type_name_connector_and_state_in_that_order()
        {
            IReadOnlyList<KeyValuePair<string, string>> terms = AssetLookup.Terms("Connection", "development", "bigquery", null).Terms;
            Assert.Equal(
                new[] { "__typeName.keyword=Connection", "name.keyword=development", "connectorName=bigquery", "__state=ACTIVE" },
                terms.Select(t => t.Key + "=" + t.Value));
            Assert.Equal(
                new[] { "__typeName.keyword=Collection", "name.keyword=My query collection", "__state=ACTIVE" },
                AssetLookup.Terms("Collection", "My query collection", null, null).Terms.Select(t => t.Key + "=" + t.Value));
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
        public async Task One_save_adds_several_tokens_keeping_all_fifty_admins_in_order_and_the_stored_read_confirms_it()
        {
            string[] added = { "service-account-apikey-1111", "service-account-apikey-2222" };
            string[] expected = FiftyAdmins.Concat(added).ToArray();
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, Stored(FiftyAdmins))
                .Answer(HttpStatusCode.OK, Mutation("Connection", ConnectionGuid, ConnectionQualifiedName, "adminUsers", expected))
                .Answer(HttpStatusCode.OK, Stored(expected));
            using AtlanClient client = TestClients.Create(handler);

            GrantTarget after = await Grants(client).ApplyAsync(GrantRight.ConnectionAdmin, ConnectionGuid, added, Array.Empty<string>(), Key, NullAtlanLog.Instance, default);

            Assert.Equal(new[] { "GET", "POST", "GET" }, handler.Requests.Select(r => r.Method));
            RecordedRequest save = handler.Requests[1];
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
            Assert.Equal(expected, SavedList(save, "adminUsers"));
            Assert.Equal(expected, after.AdminUsers);
        }

        [Fact]
        public async Task A_viewer_change_saves_viewerUsers_only()
        {
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, Stored(new[] { "alice" }, typeName: "Collection", viewers: new[] { "carol" }))
                .AnswerFrom(sent => Unchanged(sent))
                .Answer(HttpStatusCode.OK, Stored(new[] { "alice" }, typeName: "Collection", viewers: new[] { "carol", "service-account-apikey-1" }));
            using AtlanClient client = TestClients.Create(handler);

            await Grants(client).ApplyAsync(GrantRight.CollectionViewer, ConnectionGuid, new[] { "service-account-apikey-1" }, Array.Empty<string>(), Key, NullAtlanLog.Instance, default);

            using JsonDocument body = JsonDocument.Parse(handler.Requests[1].Body!);
            JsonElement entity = body.RootElement.GetProperty("entities")[0];
            Assert.Equal("Collection", entity.GetProperty("typeName").GetString());
            Assert.Equal(new[] { "qualifiedName", "name", "viewerUsers" }, entity.GetProperty("attributes").EnumerateObject().Select(p => p.Name));
            Assert.Equal(new[] { "carol", "service-account-apikey-1" }, SavedList(handler.Requests[1], "viewerUsers"));
        }

        [Fact]
        public async Task An_answer_with_only_the_temporary_guid_mapped_is_taken_and_confirmed_by_the_stored_read()
        {
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, Stored(new[] { "alice" }))
                .AnswerFrom(sent => Unchanged(sent))
                .Answer(HttpStatusCode.OK, Stored(new[] { "alice", "service-account-apikey-1" }));
            using AtlanClient client = TestClients.Create(handler);

            GrantTarget after = await Grants(client).ApplyAsync(GrantRight.ConnectionAdmin, ConnectionGuid, new[] { "service-account-apikey-1" }, Array.Empty<string>(), Key, NullAtlanLog.Instance, default);

            Assert.Equal(new[] { "alice", "service-account-apikey-1" }, after.AdminUsers);
            Assert.Equal(3, handler.Requests.Count);
        }

        [Fact]
        public async Task A_token_already_present_sends_no_save()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, Stored(new[] { "alice", "service-account-apikey-1" }));
            using AtlanClient client = TestClients.Create(handler);

            await Grants(client).ApplyAsync(GrantRight.ConnectionAdmin, ConnectionGuid, new[] { "service-account-apikey-1" }, Array.Empty<string>(), Key, NullAtlanLog.Instance, default);

            Assert.Equal("GET", Assert.Single(handler.Requests).Method);
        }

        [Fact]
        public async Task An_answer_that_neither_lists_nor_maps_the_asset_is_not_confirmed()
        {
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, Stored(new[] { "alice" }))
                .Answer(HttpStatusCode.OK, """{"mutatedEntities":{},"guidAssignments":{}}""");
            using AtlanClient client = TestClients.Create(handler);

            await Assert.ThrowsAsync<GrantNotConfirmedException>(() =>
                Grants(client).ApplyAsync(GrantRight.ConnectionAdmin, ConnectionGuid, new[] { "service-account-apikey-1" }, Array.Empty<string>(), Key, NullAtlanLog.Instance, default));
            Assert.Equal(2, handler.Requests.Count);
        }

        [Fact]
        public async Task A_404_on_save_is_reported_gone_and_never_resent()
        {
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, Stored(new[] { "alice" }))
                .Answer(HttpStatusCode.NotFound, """{"errorCode":"ATLAS-404-00-005","errorMessage":"not found"}""");
            using AtlanClient client = TestClients.Create(handler);

            await Assert.ThrowsAsync<AssetGoneException>(() =>
                Grants(client).ApplyAsync(GrantRight.ConnectionAdmin, ConnectionGuid, new[] { "service-account-apikey-1" }, Array.Empty<string>(), Key, NullAtlanLog.Instance, default));
            Assert.Equal(2, handler.Requests.Count);
        }

        [Fact]
        public async Task A_save_with_an_unknown_outcome_is_checked_from_the_store_and_not_resent_when_it_was_applied()
        {
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, Stored(FiftyAdmins))
                .Answer(HttpStatusCode.ServiceUnavailable, """{"errorCode":"ATLAS-503","errorMessage":"busy"}""")
                .Answer(HttpStatusCode.OK, Stored(FiftyAdmins.Append("service-account-apikey-1")));
            using AtlanClient client = TestClients.Create(handler);

            GrantTarget after = await Grants(client).ApplyAsync(GrantRight.ConnectionAdmin, ConnectionGuid, new[] { "service-account-apikey-1" }, Array.Empty<string>(), Key, NullAtlanLog.Instance, default);

            Assert.Equal(new[] { "GET", "POST", "GET" }, handler.Requests.Select(r => r.Method));
            Assert.Equal(51, after.AdminUsers.Count);
        }

        [Fact]
        public async Task A_save_with_an_unknown_outcome_is_resent_from_the_stored_list_when_it_was_not_applied()
        {
            string[] now = { "alice", "bob" }; // someone else added bob meanwhile: the resend must keep him
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, Stored(new[] { "alice" }))
                .Throw(new System.IO.IOException("connection reset"))
                .Answer(HttpStatusCode.OK, Stored(now))
                .AnswerFrom(sent => Unchanged(sent))
                .Answer(HttpStatusCode.OK, Stored(new[] { "alice", "bob", "service-account-apikey-1" }));
            using AtlanClient client = TestClients.Create(handler);

            await Grants(client).ApplyAsync(GrantRight.ConnectionAdmin, ConnectionGuid, new[] { "service-account-apikey-1" }, Array.Empty<string>(), Key, NullAtlanLog.Instance, default);

            Assert.Equal(new[] { "GET", "POST", "GET", "POST", "GET" }, handler.Requests.Select(r => r.Method));
            Assert.Equal(new[] { "alice", "bob", "service-account-apikey-1" }, SavedList(handler.Requests[3], "adminUsers"));
        }

        [Fact]
        public async Task A_change_overwritten_by_another_writer_is_applied_again_on_the_fresh_list()
        {
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, Stored(new[] { "alice" }))
                .Answer(HttpStatusCode.OK, Mutation("Connection", ConnectionGuid, ConnectionQualifiedName, "adminUsers", new[] { "alice", "service-account-apikey-1" }))
                .Answer(HttpStatusCode.OK, Stored(new[] { "alice", "service-account-apikey-2" })) // another process saved its stale list over ours
                .Answer(HttpStatusCode.OK, Mutation("Connection", ConnectionGuid, ConnectionQualifiedName, "adminUsers", new[] { "alice", "service-account-apikey-2", "service-account-apikey-1" }))
                .Answer(HttpStatusCode.OK, Stored(new[] { "alice", "service-account-apikey-2", "service-account-apikey-1" }));
            using AtlanClient client = TestClients.Create(handler);

            GrantTarget after = await Grants(client).ApplyAsync(GrantRight.ConnectionAdmin, ConnectionGuid, new[] { "service-account-apikey-1" }, Array.Empty<string>(), Key, NullAtlanLog.Instance, default);

            Assert.Equal(new[] { "alice", "service-account-apikey-2", "service-account-apikey-1" }, SavedList(handler.Requests[3], "adminUsers"));
            Assert.Equal(new[] { "alice", "service-account-apikey-2", "service-account-apikey-1" }, after.AdminUsers);
        }

        [Fact]
        public async Task A_change_that_never_holds_fails_with_ConcurrentChange_naming_what_is_missing()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, Stored(new[] { "alice" }));
            for (int i = 0; i < AccessListChange.MaxAttempts; i++)
            {
                handler.AnswerFrom(sent => Unchanged(sent)).Answer(HttpStatusCode.OK, Stored(new[] { "alice" }));
            }

            using AtlanClient client = TestClients.Create(handler);

            var e = await Assert.ThrowsAsync<ConcurrentChangeException>(() =>
                Grants(client).ApplyAsync(GrantRight.ConnectionAdmin, ConnectionGuid, new[] { "service-account-apikey-1" }, Array.Empty<string>(), Key, NullAtlanLog.Instance, default));

            Assert.Equal(new[] { "service-account-apikey-1" }, e.Missing);
            Assert.Contains("lacks service-account-apikey-1", e.Message);
            Assert.Equal(1 + (2 * AccessListChange.MaxAttempts), handler.Requests.Count);
        }

        [Fact]
        public async Task A_removal_keeps_everyone_else()
        {
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, Stored(new[] { "alice", "service-account-apikey-1", "bob" }))
                .AnswerFrom(sent => Unchanged(sent))
                .Answer(HttpStatusCode.OK, Stored(new[] { "alice", "bob" }));
            using AtlanClient client = TestClients.Create(handler);

            await Grants(client).ApplyAsync(GrantRight.ConnectionAdmin, ConnectionGuid, Array.Empty<string>(), new[] { "service-account-apikey-1" }, Key, NullAtlanLog.Instance, default);

            Assert.Equal(new[] { "alice", "bob" }, SavedList(handler.Requests[1], "adminUsers"));
        }

        [Fact]
        public async Task A_removal_of_the_last_admin_is_refused_before_sending()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, Stored(new[] { "service-account-apikey-1" }));
            using AtlanClient client = TestClients.Create(handler);

            var e = await Assert.ThrowsAsync<LastAdminException>(() =>
                Grants(client).ApplyAsync(GrantRight.ConnectionAdmin, ConnectionGuid, Array.Empty<string>(), new[] { "service-account-apikey-1" }, Key, NullAtlanLog.Instance, default));

            Assert.Contains("ATLAS-400-00-114", e.Message);
            Assert.Equal("GET", Assert.Single(handler.Requests).Method);
        }

        [Fact]
        public async Task Writers_in_one_process_take_turns_per_asset()
        {
            var order = new List<string>();
            IDisposable first = await AssetWriteLocks.AcquireAsync("https://t.example", "G-1", default);
            Task second = Task.Run(async () =>
            {
                using (await AssetWriteLocks.AcquireAsync("https://T.example/", "g-1", default))
                {
                    lock (order)
                    {
                        order.Add("second");
                    }
                }
            });
            using (await AssetWriteLocks.AcquireAsync("https://t.example", "other", default))
            {
                lock (order)
                {
                    order.Add("other asset");
                }
            }

            Assert.False(second.IsCompleted);
            lock (order)
            {
                order.Add("first released");
            }

            first.Dispose();
            await second;
            Assert.Equal(new[] { "other asset", "first released", "second" }, order);
        }

        [Fact]
        public async Task The_audit_searches_by_username_then_keeps_only_what_the_stored_asset_confirms()
        {
            const string User = "service-account-apikey-1";
            string hits = JsonSerializer.Serialize(new
            {
                approximateCount = 2,
                entities = new[]
                {
                    new { typeName = "Connection", guid = ConnectionGuid, attributes = new { name = "production", qualifiedName = ConnectionQualifiedName } },
                    new { typeName = "Connection", guid = "stale-guid", attributes = new { name = "old", qualifiedName = "default/x/1" } },
                },
            });
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, hits)
                .Answer(HttpStatusCode.OK, Stored(new[] { "alice", User }))
                .Answer(HttpStatusCode.OK, Stored(new[] { "alice" }, guid: "stale-guid")); // the index still lists it; the store no longer does
            using AtlanClient client = TestClients.Create(handler);

            var found = await new GrantAudit(new SearchEndpoint(client), Grants(client)).FindAsync(User, null, NullAtlanLog.Instance, default);

            var only = Assert.Single(found);
            Assert.Equal(GrantRight.ConnectionAdmin, only.Right);
            Assert.Equal(ConnectionGuid, only.Asset.Guid);
            using JsonDocument search = JsonDocument.Parse(handler.Requests[0].Body!);
            JsonElement filter = search.RootElement.GetProperty("dsl").GetProperty("query").GetProperty("bool").GetProperty("filter");
            Assert.Equal(new[] { "__typeName.keyword=Connection", "adminUsers=" + User, "__state=ACTIVE" },
                filter.EnumerateArray().Select(f => f.GetProperty("term").EnumerateObject().Single()).Select(p => p.Name + "=" + p.Value.GetProperty("value").GetString()));
            Assert.Equal("Bearer " + TestClients.ApiKey, handler.Requests[0].Headers["Authorization"]);
            Assert.Equal(new[] { "/api/meta/entity/guid/" + ConnectionGuid, "/api/meta/entity/guid/stale-guid" }, handler.Requests.Skip(1).Select(r => r.Path));
        }

        [Fact]
        public void Temporary_guids_are_negative_sixteen_digit_numbers_and_differ()
        {
            var guids = Enumerable.Range(0, 50).Select(_ => EntitiesEndpoint.NewTemporaryGuid()).ToList();
            Assert.All(guids, g => Assert.Matches(new Regex("^-[1-9][0-9]{15}$"), g));
            Assert.Equal(guids.Count, guids.Distinct().Count());
        }

        private static GrantChange GrantFlow(AtlanClient client)
        {
            var lookup = new AssetLookup(new SearchEndpoint(client));
            return new GrantChange(Grants(client), lookup, new AssetDirectory(lookup));
        }

        private const string Forbidden = "{\"errorCode\":\"ATLAS-403-00-001\",\"errorMessage\":\"alice is not authorized to perform read entity\"}";

        [Fact]
        public async Task GrantChange_a_403_to_the_read_means_the_asset_is_not_there_for_that_user()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.Forbidden, Forbidden);
            using AtlanClient client = TestClients.Create(handler, maxRetries: 0);
            var failure = await Assert.ThrowsAsync<GrantAssetNotFoundException>(() => GrantFlow(client).ReadAsync(GrantKind.ConnectionAdmin, ConnectionGuid, null, null, Key, NullAtlanLog.Instance, default));
            Assert.Equal("ConnectionNotFound", failure.ErrorId);
            Assert.Equal(ConnectionGuid, failure.Sought);
            Assert.IsType<AtlanApiException>(failure.InnerException);
        }

        [Fact]
        public async Task GrantChange_a_403_to_the_save_is_GrantPermissionDenied_naming_the_right_and_sends_one_save()
        {
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, Stored(new[] { "alice" }))
                .Answer(HttpStatusCode.OK, Stored(new[] { "alice" }))
                .Answer(HttpStatusCode.Forbidden, Forbidden);
            using AtlanClient client = TestClients.Create(handler, maxRetries: 0);
            GrantChange flow = GrantFlow(client);
            GrantTarget before = await flow.ReadAsync(GrantKind.ConnectionAdmin, ConnectionGuid, null, null, Key, NullAtlanLog.Instance, default);
            GrantPlan plan = GrantChange.Plan(GrantKind.ConnectionAdmin, GrantDirection.Add, before, new[] { "service-account-apikey-x" });
            var denied = await Assert.ThrowsAsync<GrantDeniedException>(() => flow.ApplyAsync(plan, Key, NullAtlanLog.Instance, default));
            Assert.Equal("GrantPermissionDenied", denied.ErrorId);
            Assert.Contains("may not add connection admins to connection 'production'", denied.Message);
            Assert.Single(handler.Requests, r => r.Method == "POST");
        }

        [Fact]
        public async Task GrantChange_by_name_with_two_matches_lists_both_and_reads_nothing()
        {
            string hits = JsonSerializer.Serialize(new
            {
                approximateCount = 2,
                entities = new[]
                {
                    new { typeName = "Connection", guid = "00000000-0000-4000-8000-000000000201", status = "ACTIVE", attributes = new Dictionary<string, object> { ["name"] = "development", ["qualifiedName"] = "default/bigquery/1", ["connectorName"] = "bigquery" } },
                    new { typeName = "Connection", guid = "00000000-0000-4000-8000-000000000202", status = "ACTIVE", attributes = new Dictionary<string, object> { ["name"] = "development", ["qualifiedName"] = "default/snowflake/2", ["connectorName"] = "snowflake" } },
                },
            });
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, hits);
            using AtlanClient client = TestClients.Create(handler, maxRetries: 0);
            var ambiguous = await Assert.ThrowsAsync<GrantAssetAmbiguousException>(() => GrantFlow(client).ReadAsync(GrantKind.ConnectionAdmin, null, "development", null, Key, NullAtlanLog.Instance, default));
            Assert.Equal("ConnectionNameAmbiguous", ambiguous.ErrorId);
            Assert.Equal(new[] { "bigquery", "snowflake" }, ambiguous.CandidateConnectorTypes);
            Assert.Single(handler.Requests);
        }
    }
}
