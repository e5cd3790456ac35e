using System;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Model;
using Xunit;
using AtlanTokens.Operations;

namespace AtlanTokens.Tests
{
    /// <summary>Issue 9 #5 and issue 10 #3 (tokens): read-modify-write keeps what it cannot read, and a change holds against other writers.</summary>
    public sealed class TokenUpdateTests
    {
        private const string Guid = "5f0e8e0c-1111-4a4a-9b9b-000000000001";

        private static string Page(string personas, string description = "d", string name = "n")
            => $$$"""{"totalRecord":1,"filterRecord":1,"records":[{"id":"{{{Guid}}}","clientId":"apikey-x","displayName":"{{{name}}}","attributes":{"description":"{{{description}}}","personaQualifiedName":{{{personas}}}}}]}""";

        private static string Record(string personas, string description = "d")
            => $$$"""{"id":"{{{Guid}}}","clientId":"apikey-x","displayName":"n","attributes":{"description":"{{{description}}}","personaQualifiedName":{{{personas}}}}}""";

        [Fact]
        public async Task A_description_only_update_sends_back_entries_it_cannot_read_verbatim()
        {
            string odd = """[{"id":"p9"},"default/a",{"persona":"Finance Readers"},42]""";
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, Page(odd))
                .Answer(HttpStatusCode.OK, Record(odd, "new"))
                .Answer(HttpStatusCode.OK, Page(odd, "new"));
            using var client = TestClients.Create(handler);
            var update = new ApiTokenUpdate(new ApiTokensEndpoint(client), client.BaseUri);
            ApiToken after = await update.UpdateAsync(Guid, new ApiTokenChange { Description = "new" }, NullAtlanLog.Instance, default);
            Assert.Equal("new", after.Description);
            using JsonDocument sent = JsonDocument.Parse(handler.Requests[1].Body!);
            Assert.Equal(
                new[] { "\"default/a\"", """{"id":"p9"}""", """{"persona":"Finance Readers"}""", "42" },
                sent.RootElement.GetProperty("personaQualifiedNames").EnumerateArray().Select(e => e.GetRawText()));
        }

        [Fact]
        public async Task A_change_overwritten_by_another_writer_is_applied_again_on_the_fresh_state()
        {
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, Page("""["default/a"]"""))          // read
                .Answer(HttpStatusCode.OK, Record("""["default/a","default/mine"]""")) // write
                .Answer(HttpStatusCode.OK, Page("""["default/a","default/theirs"]""")) // re-read: the other writer won
                .Answer(HttpStatusCode.OK, Page("""["default/a","default/theirs"]""")) // fresh read
                .Answer(HttpStatusCode.OK, Record("""["default/a","default/theirs","default/mine"]"""))
                .Answer(HttpStatusCode.OK, Page("""["default/a","default/theirs","default/mine"]"""));
            using var client = TestClients.Create(handler);
            var update = new ApiTokenUpdate(new ApiTokensEndpoint(client), client.BaseUri);
            ApiToken after = await update.UpdateAsync(Guid, new ApiTokenChange { AddPersonas = new[] { "default/mine" } }, NullAtlanLog.Instance, default);
            Assert.Equal(new[] { "default/a", "default/theirs", "default/mine" }, after.Personas.QualifiedNames);
            using JsonDocument second = JsonDocument.Parse(handler.Requests[4].Body!);
            Assert.Equal(new[] { "default/a", "default/theirs", "default/mine" }, second.RootElement.GetProperty("personaQualifiedNames").EnumerateArray().Select(e => e.GetString()));
        }

        [Fact]
        public async Task A_change_that_never_holds_fails_with_ConcurrentChange_naming_what_is_missing()
        {
            var handler = new RecordingHandler();
            for (int i = 0; i < ApiTokenUpdate.MaxAttempts; i++)
            {
                handler.Answer(HttpStatusCode.OK, Page("[]"))
                    .Answer(HttpStatusCode.OK, Record("""["default/mine"]"""))
                    .Answer(HttpStatusCode.OK, Page("[]", name: "renamed-by-someone"));
            }

            using var client = TestClients.Create(handler);
            var update = new ApiTokenUpdate(new ApiTokensEndpoint(client), client.BaseUri);
            var e = await Assert.ThrowsAsync<ConcurrentChangeException>(
                () => update.UpdateAsync(Guid, new ApiTokenChange { AddPersonas = new[] { "default/mine" } }, NullAtlanLog.Instance, default));
            Assert.Equal("ConcurrentChange", e.ErrorId);
            Assert.Equal(new[] { "persona default/mine linked" }, e.Missing);
            Assert.Equal(3 * ApiTokenUpdate.MaxAttempts, handler.Requests.Count);
        }
    }
}
