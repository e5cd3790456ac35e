using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Session;
using Xunit;
using AtlanTokens.Operations;

namespace AtlanTokens.Tests
{
    /// <summary>Rotation's pieces below the cmdlet: the create body it sends, the successor rule, and the session key switch.</summary>
    public class RotationTests
    {
        private const string SessionUser = "service-account-apikey-admin";

        [Fact]
        public async Task Create_copies_persona_entries_kept_verbatim_after_the_qualified_names()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, TestClients.TokenRecord);
            using var client = TestClients.Create(handler);
            await new ApiTokensEndpoint(client).CreateAsync("ci-deploy", "d", new[] { "default/abc" }, 3600, NullAtlanLog.Instance, default, new[] { """{"persona":"tenant2/xyz"}""" });

            RecordedRequest sent = Assert.Single(handler.Requests);
            Assert.Equal("POST", sent.Method);
            Assert.Equal("/api/service/apikeys", sent.Path);
            using JsonDocument body = JsonDocument.Parse(sent.Body!);
            JsonElement[] entries = body.RootElement.GetProperty("personaQualifiedNames").EnumerateArray().ToArray();
            Assert.Equal(2, entries.Length);
            Assert.Equal("default/abc", entries[0].GetString());
            Assert.Equal("tenant2/xyz", entries[1].GetProperty("persona").GetString());
            Assert.Equal(3600, body.RootElement.GetProperty("validitySeconds").GetInt64());
            Assert.Equal(0, body.RootElement.GetProperty("personas").GetArrayLength());
        }

        [Fact]
        public async Task A_replaced_key_authenticates_every_later_call()
        {
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, """{"username":"service-account-apikey-old"}""")
                .Answer(HttpStatusCode.OK, """{"username":"service-account-apikey-new"}""");
            using var client = TestClients.Create(handler);
            var users = new UsersEndpoint(client);
            await users.GetCurrentAsync(NullAtlanLog.Instance, default);
            client.ReplaceKey(SecretText.FromString("new-api-key-9876543210"));
            await users.GetCurrentAsync(NullAtlanLog.Instance, default);

            Assert.Equal("Bearer " + TestClients.ApiKey, handler.Requests[0].Headers["Authorization"]);
            Assert.Equal("Bearer new-api-key-9876543210", handler.Requests[1].Headers["Authorization"]);
        }

        [Fact]
        public async Task The_proof_sends_users_current_with_the_new_key_not_the_sessions()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, """{"username":"service-account-apikey-new"}""");
            using var client = TestClients.Create(handler);
            await new UsersEndpoint(client).GetCurrentAsync(NullAtlanLog.Instance, default, SecretText.FromString("new-api-key-9876543210"));

            RecordedRequest sent = Assert.Single(handler.Requests);
            Assert.Equal("GET", sent.Method);
            Assert.Equal("/api/service/users/current", sent.Path);
            Assert.Equal("Bearer new-api-key-9876543210", sent.Headers["Authorization"]);
        }

        [Fact]
        public void A_successor_is_another_token_by_the_session_user_created_no_earlier_with_the_same_personas()
        {
            ApiToken old = Token("old", "alice", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), "default/a", "default/b");
            Assert.True(ApiTokenRotation.IsSuccessor(old, Token("new", SessionUser, new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc), "default/b", "default/a"), SessionUser));
            Assert.True(ApiTokenRotation.IsSuccessor(old, Token("new", SessionUser, old.CreatedAt!.Value, "default/a", "default/b"), SessionUser));
        }

        [Theory]
        [InlineData("old", SessionUser, 2026, "default/a,default/b")] // the old token itself
        [InlineData("new", "alice", 2026, "default/a,default/b")] // someone else created it
        [InlineData("new", SessionUser, 2025, "default/a,default/b")] // created before the old token
        [InlineData("new", SessionUser, 2026, "default/a")] // other personas
        [InlineData("new", SessionUser, 2026, "default/a,default/b,default/c")]
        public void Not_a_successor(string guid, string createdBy, int year, string personas)
        {
            ApiToken old = Token("old", "alice", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), "default/a", "default/b");
            ApiToken candidate = Token(guid, createdBy, new DateTime(year, 3, 1, 0, 0, 0, DateTimeKind.Utc), personas.Split(','));
            Assert.False(ApiTokenRotation.IsSuccessor(old, candidate, SessionUser));
        }

        [Fact]
        public void A_token_without_a_creation_time_is_never_a_successor()
        {
            ApiToken old = Token("old", "alice", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            ApiToken candidate = Token("new", SessionUser, new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc));
            candidate.CreatedAt = null;
            Assert.False(ApiTokenRotation.IsSuccessor(old, candidate, SessionUser));
        }

        private static ApiToken Token(string guid, string createdBy, DateTime createdAt, params string[] personas)
            => new ApiToken
            {
                Guid = guid,
                CreatedBy = createdBy,
                CreatedAt = createdAt,
                DisplayName = "svc",
                Personas = personas.Length == 0 ? PersonaList.Empty : new PersonaList(personas.Select(p => new ApiTokenPersona(p, null, null)).ToList()),
            };
    }
}
