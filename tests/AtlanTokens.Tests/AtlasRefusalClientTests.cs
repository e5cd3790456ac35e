using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Http;
using System.Security;
using System.Text.Json;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Cmdlets;
using AtlanTokens.Model;
using AtlanTokens.Operations;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>
    /// Atlas's real refusals as the client and the access-list change read them (issue 15 items 8 and 10): the Keycloak
    /// 500, the collection creator, the gateway's HTML 429, a search that never ends and the operation deadline.
    /// </summary>
    public class AtlasRefusalClientTests
    {
        private const string Bearer = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
        private const string CollectionGuid = "00000000-0000-4000-8000-000000000301";
        private const string CollectionQualifiedName = "default/collection/alice/6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e";
        private const string Gone = "service-account-apikey-deleted";
        private const string Creator = "service-account-apikey-creator";

        private const string NginxRateLimitPage = "<html>\r\n<head><title>429 Too Many Requests</title></head>\r\n<body>\r\n<center><h1>429 Too Many Requests</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

        private static SecureString Key => SecretText.FromString(Bearer);

        /// <summary>A client on a fake clock that gives up on 429s after <paramref name="patience"/>.</summary>
        private static AtlanClient RateLimitedClient(RecordingHandler handler, TimeSpan patience)
            => new AtlanClient(
                new Uri("https://tenant.example.com/"),
                SecretText.FromString(TestClients.ApiKey),
                new AtlanClientOptions { Clock = new FakeClock(), MaxRetries = 0, RateLimitPatience = patience },
                handler);

        private static AccessListChange Grants(AtlanClient client) => new AccessListChange(new EntitiesEndpoint(client), client.BaseUri.ToString(), new AtlanClientOptions { Clock = new FakeClock(), WriteLockDirectory = TestLocks.Directory }); // settle waits on a fake clock

        private static string StoredCollection(string createdBy, params string[] admins)
            => JsonSerializer.Serialize(new
            {
                referredEntities = new { },
                entity = new
                {
                    typeName = "Collection",
                    guid = CollectionGuid,
                    status = "ACTIVE",
                    createdBy,
                    attributes = new Dictionary<string, object?>
                    {
                        ["name"] = "My query collection",
                        ["qualifiedName"] = CollectionQualifiedName,
                        ["adminUsers"] = admins,
                        ["adminGroups"] = Array.Empty<string>(),
                        ["viewerUsers"] = Array.Empty<string>(),
                    },
                },
            });

        private static int Saves(RecordingHandler handler) => handler.Requests.Count(r => r.Path == EntitiesEndpoint.BulkPath);

        [Fact]
        public async Task Keycloak_user_not_found_is_GrantTokenNotFound_after_one_save_never_maybe_applied()
        {
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, StoredCollection("alice", "alice"))
                .Answer(HttpStatusCode.InternalServerError, $$"""{"errorCode":"ATLAS-500-00-001","errorMessage":"Keycloak user not found with userName {{Gone}}"}""");
            using AtlanClient client = TestClients.Create(handler);

            var e = await Assert.ThrowsAsync<GrantUserNotFoundException>(() =>
                Grants(client).ApplyAsync(GrantRight.CollectionEditor, CollectionGuid, new[] { Gone }, Array.Empty<string>(), Key, NullAtlanLog.Instance, default));

            Assert.Equal(Gone, e.Username);
            Assert.False(e.MayHaveBeenApplied);
            Assert.False(((AtlanApiException)e.InnerException!).MayHaveBeenApplied);
            Assert.Contains("no longer exists", e.Message);
            Assert.Equal(1, Saves(handler));
            Assert.Equal(2, handler.Requests.Count); // no check read, no second save
            ErrorRecord record = AtlanErrors.ToRecord(e, null, null);
            Assert.Equal("GrantTokenNotFound", record.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, record.CategoryInfo.Category);
        }

        [Fact]
        public async Task Another_500_still_may_have_been_applied()
        {
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.InternalServerError, """{"errorCode":"ATLAS-500-00-001","errorMessage":"Something else broke"}""");
            using AtlanClient client = TestClients.Create(handler);

            var e = await Assert.ThrowsAsync<AtlanApiException>(() => new EntitiesEndpoint(client).SaveAsync(
                new EntityUpdate("Connection", "default/x/1", "x", "adminUsers", new[] { "alice" }), NullAtlanLog.Instance, default));
            Assert.True(e.MayHaveBeenApplied);
        }

        [Fact]
        public async Task Removing_a_collection_creator_sends_no_save_and_says_the_creator_stays()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, StoredCollection(Creator, "alice", Creator));
            using AtlanClient client = TestClients.Create(handler);

            var e = await Assert.ThrowsAsync<CollectionCreatorKeptException>(() =>
                Grants(client).ApplyAsync(GrantRight.CollectionEditor, CollectionGuid, Array.Empty<string>(), new[] { Creator }, Key, NullAtlanLog.Instance, default));

            Assert.Equal(Creator, e.Creator);
            Assert.False(e.OthersChanged);
            Assert.Contains("always keeps a collection's creator", e.Message);
            Assert.Equal(0, Saves(handler));
            Assert.Equal("CollectionCreatorKept", AtlanErrors.ToRecord(e, null, null).FullyQualifiedErrorId);
        }

        [Fact]
        public void The_creator_rule_is_only_for_collection_editors()
        {
            var stored = new GrantTarget("Collection", CollectionGuid, "c", CollectionQualifiedName, null) { CreatedBy = Creator };
            Assert.Equal(Creator, AccessListChange.CreatorKept(GrantRight.CollectionEditor, stored, new[] { Creator }));
            Assert.Null(AccessListChange.CreatorKept(GrantRight.CollectionViewer, stored, new[] { Creator }));
            Assert.Null(AccessListChange.CreatorKept(GrantRight.CollectionEditor, stored, new[] { "someone-else" }));
        }

        [Fact]
        public async Task The_gateways_html_429_is_a_rate_limit_retried_with_backoff_never_a_wrong_base_url()
        {
            var handler = new RecordingHandler();
            for (int i = 0; i < 3; i++)
            {
                handler.Answer((HttpStatusCode)429, NginxRateLimitPage, "text/html");
            }

            // A 429 is retried for time (issue 17), here a patience of 3 s on a fake clock: pauses of 1 s and 2 s.
            using AtlanClient client = RateLimitedClient(handler, TimeSpan.FromSeconds(3));

            var e = await Assert.ThrowsAsync<AtlanApiException>(() => new UsersEndpoint(client).GetCurrentAsync(NullAtlanLog.Instance, default));

            Assert.Equal(429, e.StatusCode);
            Assert.Equal(3, handler.Requests.Count);
            Assert.Contains("rate-limit page", e.Message);
            Assert.DoesNotContain("Atlan tenant", e.Message);
            Assert.DoesNotContain("base URL", e.Message);
            Assert.Equal("AtlanRateLimited", AtlanErrors.ToRecord(e, null, null).FullyQualifiedErrorId);
        }

        [Fact]
        public async Task An_html_page_without_a_content_type_is_still_recognised()
        {
            var handler = new RecordingHandler().Answer((HttpStatusCode)429, NginxRateLimitPage, "application/octet-stream");
            using AtlanClient client = RateLimitedClient(handler, TimeSpan.Zero);

            var e = await Assert.ThrowsAsync<AtlanApiException>(() => new UsersEndpoint(client).GetCurrentAsync(NullAtlanLog.Instance, default));
            Assert.Contains("rate-limit page", e.Message);
        }

        [Fact]
        public async Task A_search_that_keeps_answering_new_hits_stops_at_the_hard_limit()
        {
            var handler = new RecordingHandler();
            int pages = (SearchEndpoint.MaxHits / SearchEndpoint.PageSize) + 5;
            for (int i = 0; i < pages; i++)
            {
                handler.AnswerFrom(_ => JsonSerializer.Serialize(new
                {
                    approximateCount = long.MaxValue / 2,
                    entities = Enumerable.Range(0, SearchEndpoint.PageSize).Select(_ => new
                    {
                        typeName = "Connection",
                        guid = Guid.NewGuid().ToString(),
                        attributes = new { name = "n", qualifiedName = "default/x/" + Guid.NewGuid() },
                    }).ToArray(),
                }));
            }

            using AtlanClient client = TestClients.Create(handler);

            var e = await Assert.ThrowsAsync<AtlanResponseException>(() => new SearchEndpoint(client).FindAllAsync(
                new SearchFilter().TypeName("Connection"), new[] { "name" }, NullAtlanLog.Instance, default));

            Assert.Equal(AtlanResponseException.SearchLimitId, e.ErrorId);
            Assert.Equal(SearchEndpoint.MaxHits / SearchEndpoint.PageSize, handler.Requests.Count);
            ErrorRecord record = AtlanErrors.ToRecord(e, null, null);
            Assert.Equal("SearchLimitExceeded", record.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.LimitsExceeded, record.CategoryInfo.Category);
        }

        [Fact]
        public async Task The_operation_deadline_covers_every_request_of_the_operation_not_one()
        {
            var clock = new FakeClock { AutoAdvance = false };
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, """{"username":"alice"}""")
                .Answer(HttpStatusCode.OK, """{"username":"alice"}""")
                .Answer(HttpStatusCode.OK, """{"username":"alice"}""");
            using AtlanClient client = TestClients.Create(handler);
            client.Options.Clock = clock;
            client.Options.TotalTimeoutOverride = TimeSpan.FromSeconds(30);
            var users = new UsersEndpoint(client);

            using (OperationDeadline.Begin())
            {
                await users.GetCurrentAsync(NullAtlanLog.Instance, default);
                clock.Advance(TimeSpan.FromSeconds(20)); // each request is quick; the operation as a whole is not
                await users.GetCurrentAsync(NullAtlanLog.Instance, default);
                clock.Advance(TimeSpan.FromSeconds(11));
                var e = await Assert.ThrowsAsync<AtlanOperationTimeoutException>(() => users.GetCurrentAsync(NullAtlanLog.Instance, default));
                Assert.False(e.MayHaveBeenApplied);
                Assert.Contains("-TotalTimeoutSec", e.Message);
                Assert.Equal("AtlanOperationTimeout", AtlanErrors.ToRecord(e, null, null).FullyQualifiedErrorId);
            }

            Assert.Equal(2, handler.Requests.Count); // the third request was never sent

            // A new operation starts with its whole time again; outside any operation only each call is bounded.
            using (OperationDeadline.Begin())
            {
                await users.GetCurrentAsync(NullAtlanLog.Instance, default);
            }

            Assert.Equal(3, handler.Requests.Count);
        }
    
        private static ApiToken QualifiedNamesOnly(string record)
        {
            using JsonDocument document = JsonDocument.Parse(record);
            return ApiTokenJson.Read(document.RootElement);
        }

        [Fact]
        public async Task Persona_names_come_from_the_directory_when_a_record_lists_only_qualified_names()
        {
            ApiToken token = QualifiedNamesOnly("""{"id":"g","clientId":"c","attributes":{"personaQualifiedName":"[\"default/OhbVrpoiVgRV5IfLBcbfno\",\"default/unknown00000000000000\"]"}}""");
            Assert.All(token.Personas, p => Assert.Null(p.Name));
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, """
                {"approximateCount":1,"entities":[{"typeName":"Persona","guid":"p1","attributes":{"name":"Data Stewards","qualifiedName":"default/OhbVrpoiVgRV5IfLBcbfno"}}]}
                """);
            using AtlanClient client = TestClients.Create(handler);
            var directory = new AtlanTokens.Session.PersonaDirectory(new SearchEndpoint(client));

            await directory.NameAsync(token, NullAtlanLog.Instance, default);

            Assert.Equal("Data Stewards", token.Personas[0].Name);
            Assert.Equal("p1", token.Personas[0].Guid);
            Assert.Null(token.Personas[1].Name); // a persona the directory does not know keeps its qualified name
            Assert.True(token.Personas[0].Equals("data stewards")); // -contains 'Data Stewards' compares like this
            Assert.Equal("Data Stewards; default/unknown00000000000000", token.Personas.ToString());
        }

        [Fact]
        public async Task Without_the_directory_a_listing_does_not_search_once_per_token()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.Forbidden, """{"errorCode":"ATLAS-403-00-001","errorMessage":"no search"}""");
            using AtlanClient client = TestClients.Create(handler);
            var directory = new AtlanTokens.Session.PersonaDirectory(new SearchEndpoint(client));

            for (int i = 0; i < 3; i++)
            {
                ApiToken token = QualifiedNamesOnly("""{"id":"g","attributes":{"personaQualifiedName":["default/OhbVrpoiVgRV5IfLBcbfno"]}}""");
                await directory.NameAsync(token, NullAtlanLog.Instance, default);
                Assert.Equal("default/OhbVrpoiVgRV5IfLBcbfno", token.Personas.ToString());
            }

            Assert.Single(handler.Requests);
        }
    }
}
