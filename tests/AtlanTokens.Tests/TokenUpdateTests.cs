using System;
using System.Collections.Generic;
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
    /// <summary>
    /// Issue 9 #5, issue 10 #3 and issue 17 #3/#4 (tokens): read-modify-write keeps what it cannot read, a change costs a
    /// read and a write whose answer is the check, holds against other writers, and writers on one machine take turns.
    /// </summary>
    public sealed class TokenUpdateTests
    {
        private const string Guid = "5f0e8e0c-1111-4a4a-9b9b-000000000001";

        private static string Page(string personas, string description = "d", string name = "n")
            => $$$"""{"totalRecord":1,"filterRecord":1,"records":[{"id":"{{{Guid}}}","clientId":"apikey-x","displayName":"{{{name}}}","attributes":{"description":"{{{description}}}","personaQualifiedName":{{{personas}}}}}]}""";

        private static string Record(string personas, string description = "d")
            => $$$"""{"id":"{{{Guid}}}","clientId":"apikey-x","displayName":"n","attributes":{"description":"{{{description}}}","personaQualifiedName":{{{personas}}}}}""";

        private static ApiTokenUpdate Update(AtlanClient client, string? lockDirectory = null)
            => new ApiTokenUpdate(new ApiTokensEndpoint(client), client.BaseUri, new MachineWriteLocks(lockDirectory ?? TestLocks.Fresh(), client.Options.Clock), client.Options.Clock);

        [Fact]
        public async Task A_description_only_update_sends_back_entries_it_cannot_read_verbatim_in_a_read_and_a_write()
        {
            string odd = """[{"id":"p9"},"default/a",{"persona":"Finance Readers"},42]""";
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, Page(odd))
                .Answer(HttpStatusCode.OK, Record(odd, "new"));
            using var client = TestClients.Create(handler);
            ApiTokenUpdateResult after = await Update(client).UpdateAsync(Guid, new ApiTokenChange { Description = "new" }, NullAtlanLog.Instance, default);
            Assert.Equal("new", after.Token.Description);
            Assert.Null(after.NotVerified);
            Assert.Equal(2, handler.Requests.Count); // the write's answer is the check
            using JsonDocument sent = JsonDocument.Parse(handler.Requests[1].Body!);
            Assert.Equal(
                new[] { "\"default/a\"", """{"id":"p9"}""", """{"persona":"Finance Readers"}""", "42" },
                sent.RootElement.GetProperty("personaQualifiedNames").EnumerateArray().Select(e => e.GetRawText()));
        }

        [Fact]
        public async Task The_callers_read_stands_for_the_fresh_read_when_no_local_write_came_after_it()
        {
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, Page("""["default/a"]"""))
                .Answer(HttpStatusCode.OK, Record("""["default/a","default/mine"]"""));
            using var client = TestClients.Create(handler);
            DateTimeOffset sent = client.Options.Clock.UtcNow;
            ApiToken read = (await new ApiTokensEndpoint(client).FindByGuidAsync(Guid, NullAtlanLog.Instance, default))!;
            ApiTokenUpdateResult after = await Update(client).UpdateAsync(Guid, new ApiTokenChange { AddPersonas = new[] { "default/mine" } }, NullAtlanLog.Instance, default, read, sent);
            Assert.Equal(new[] { "default/a", "default/mine" }, after.Token.Personas.QualifiedNames);
            Assert.Equal(new[] { "GET", "POST" }, handler.Requests.Select(r => r.Method));
        }

        [Fact]
        public async Task A_read_made_before_a_local_write_of_the_token_is_made_again_under_the_lock()
        {
            string locks = TestLocks.Fresh();
            var clock = new FakeClock();
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, Record("""["default/theirs"]"""))                   // another writer of this machine
                .Answer(HttpStatusCode.OK, Page("""["default/theirs"]"""))                     // fresh read under the lock
                .Answer(HttpStatusCode.OK, Record("""["default/theirs","default/mine"]"""));
            using var client = new AtlanClient(new Uri("https://tenant.example.com/"), SecretText.FromString(TestClients.ApiKey), new AtlanClientOptions { Clock = clock }, handler);
            ApiToken staleRead = ApiTokenOf(Page("[]"));
            DateTimeOffset sentAt = clock.UtcNow;
            clock.Advance(TimeSpan.FromSeconds(1));
            await Update(client, locks).UpdateAsync(Guid, new ApiTokenChange { AddPersonas = new[] { "default/theirs" } }, NullAtlanLog.Instance, default, ApiTokenOf(Page("[]")), clock.UtcNow);
            clock.Advance(TimeSpan.FromSeconds(1));
            ApiTokenUpdateResult after = await Update(client, locks).UpdateAsync(Guid, new ApiTokenChange { AddPersonas = new[] { "default/mine" } }, NullAtlanLog.Instance, default, staleRead, sentAt);
            Assert.Equal(new[] { "default/theirs", "default/mine" }, after.Token.Personas.QualifiedNames);
            Assert.Equal(new[] { "POST", "GET", "POST" }, handler.Requests.Select(r => r.Method));
        }

        [Fact]
        public async Task An_answer_without_the_change_is_checked_and_the_change_applied_again_on_the_fresh_state()
        {
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, Page("""["default/a"]"""))                      // read
                .Answer(HttpStatusCode.OK, Record("""["default/a","default/theirs"]"""))  // write: its answer lacks the change
                .Answer(HttpStatusCode.OK, Page("""["default/a","default/theirs"]"""))    // check read: the other writer won
                .Answer(HttpStatusCode.OK, Record("""["default/a","default/theirs","default/mine"]"""));
            using var client = TestClients.Create(handler);
            ApiTokenUpdateResult after = await Update(client).UpdateAsync(Guid, new ApiTokenChange { AddPersonas = new[] { "default/mine" } }, NullAtlanLog.Instance, default);
            Assert.Equal(new[] { "default/a", "default/theirs", "default/mine" }, after.Token.Personas.QualifiedNames);
            using JsonDocument second = JsonDocument.Parse(handler.Requests[3].Body!);
            Assert.Equal(new[] { "default/a", "default/theirs", "default/mine" }, second.RootElement.GetProperty("personaQualifiedNames").EnumerateArray().Select(e => e.GetString()));
        }

        [Fact]
        public async Task A_change_that_never_holds_fails_with_ConcurrentChange_naming_what_is_missing()
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.OK, Page("[]"));
            for (int i = 0; i < ApiTokenUpdate.MaxAttempts; i++)
            {
                handler.Answer(HttpStatusCode.OK, Record("[]"))
                    .Answer(HttpStatusCode.OK, Page("[]", name: "renamed-by-someone"));
            }

            using var client = TestClients.Create(handler);
            var e = await Assert.ThrowsAsync<ConcurrentChangeException>(
                () => Update(client).UpdateAsync(Guid, new ApiTokenChange { AddPersonas = new[] { "default/mine" } }, NullAtlanLog.Instance, default));
            Assert.Equal("ConcurrentChange", e.ErrorId);
            Assert.Equal(new[] { "persona default/mine linked" }, e.Missing);
            Assert.Equal(1 + (2 * ApiTokenUpdate.MaxAttempts), handler.Requests.Count);
        }

        [Fact]
        public async Task When_only_the_check_read_is_refused_the_change_is_applied_but_not_verified()
        {
            var handler = new RecordingHandler()
                .Answer(HttpStatusCode.OK, Page("[]"))
                .Answer(HttpStatusCode.OK, Record("[]"))
                .Answer(HttpStatusCode.Forbidden, """{"errorMessage":"not allowed"}""");
            using var client = TestClients.Create(handler);
            ApiTokenUpdateResult after = await Update(client).UpdateAsync(Guid, new ApiTokenChange { AddPersonas = new[] { "default/mine" } }, NullAtlanLog.Instance, default);
            Assert.True(after.Written);
            Assert.NotNull(after.NotVerified);
        }

        [Fact]
        public async Task A_second_writer_waits_for_the_machine_wide_lock_of_the_same_token()
        {
            string locks = TestLocks.Fresh();
            var clock = new FakeClock { AutoAdvance = false };
            var first = new MachineWriteLocks(locks, clock);
            var second = new MachineWriteLocks(locks, clock); // another process's view of the same directory
            MachineWriteLock held = await first.AcquireAsync("https://t.example", "apitoken", Guid, NullAtlanLog.Instance, default);
            Assert.True(held.IsHeld);
            Task<MachineWriteLock> waiting = second.AcquireAsync("https://t.example", "apitoken", Guid, NullAtlanLog.Instance, default);
            MachineWriteLock other = await second.AcquireAsync("https://t.example", "apitoken", "another-token", NullAtlanLog.Instance, default);
            Assert.True(other.IsHeld); // other tokens are not held up
            other.Dispose();
            clock.Advance(MachineWriteLocks.RetryInterval);
            Assert.False(waiting.IsCompleted);
            DateTimeOffset written = clock.UtcNow;
            held.MarkWritten(written);
            held.Dispose();
            for (int i = 0; i < 100 && !waiting.IsCompleted; i++)
            {
                clock.Advance(MachineWriteLocks.RetryInterval);
                await Task.Yield();
            }

            using MachineWriteLock taken = await waiting;
            Assert.True(taken.IsHeld);
            Assert.Equal(written, taken.LastLocalWrite);
            Assert.False(taken.NoLocalWriteSince(written.AddSeconds(-1))); // a read sent before that write is not trusted
            Assert.True(taken.NoLocalWriteSince(written.AddSeconds(1)));
        }

        private static ApiToken ApiTokenOf(string page)
        {
            using JsonDocument document = JsonDocument.Parse(page);
            return ApiTokenJson.Read(document.RootElement.GetProperty("records")[0]);
        }
    }
}
