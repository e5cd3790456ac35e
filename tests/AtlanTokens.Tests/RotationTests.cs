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
    /// <summary>Rotation's pieces below the cmdlet: the create body it sends and the session key switch (the successor rule: RotationEvidenceTests).</summary>
    public class RotationTests
    {
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
    }
}
