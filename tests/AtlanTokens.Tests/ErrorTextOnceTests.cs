using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using AtlanTokens.Client;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>Issue 18: an Atlan error states each fact once, even when the body repeats its message as a cause.</summary>
    public class ErrorTextOnceTests
    {
        private static async Task<AtlanApiException> Fail(string body)
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.BadRequest, body);
            using var client = TestClients.Create(handler);
            return await Assert.ThrowsAsync<AtlanApiException>(() => new UsersEndpoint(client).GetCurrentAsync(NullAtlanLog.Instance, default));
        }

        private static int Count(string text, string part) => Regex.Matches(text, Regex.Escape(part)).Count;

        [Fact]
        public async Task A_cause_that_repeats_the_message_is_not_a_second_Cause_but_says_where()
        {
            // The shape the emulator (and Heracles) answer with: errorMessage, errorCause and causes[0] all the same text.
            var e = await Fail("""
                {"errorCode":"ATLAN-EMU-400-005","errorMessage":"Field 'displayName' is longer than 255 characters.",
                 "errorCause":"Field 'displayName' is longer than 255 characters.","errorId":"b0e3eff658d8c10b",
                 "causes":[{"errorType":"InvalidRequestError","errorMessage":"Field 'displayName' is longer than 255 characters.","location":"displayName"}]}
                """);
            Assert.Equal(1, Count(e.Message, "is longer than 255 characters"));
            Assert.DoesNotContain("Cause:", e.Message);
            Assert.Contains("is longer than 255 characters. (at displayName)", e.Message);
        }

        [Fact]
        public async Task An_empty_location_is_not_shown_and_a_repeated_cause_is_dropped()
        {
            var e = await Fail("""
                {"errorMessage":"Bad filter.","causes":[{"errorMessage":"Bad filter","location":""},{"errorMessage":"Bad filter.","location":"  "}]}
                """);
            Assert.Equal(1, Count(e.Message, "Bad filter"));
            Assert.DoesNotContain("(at", e.Message);
            Assert.DoesNotContain("Cause:", e.Message);
        }

        [Fact]
        public async Task Different_causes_are_each_stated_once()
        {
            var e = await Fail("""
                {"errorMessage":"Invalid request.","causes":[
                  {"errorMessage":"description is required","location":"body.description"},
                  {"errorMessage":"description is required","location":"body.description"},
                  {"errorMessage":"personas must be a list","location":""}]}
                """);
            Assert.Equal(1, Count(e.Message, "Cause: description is required (at body.description)"));
            Assert.Equal(1, Count(e.Message, "Cause: personas must be a list"));
            Assert.Equal(2, Count(e.Message, "Cause:"));
            Assert.Equal(new[] { "description is required (at body.description)", "personas must be a list" }, e.Causes.ToArray());
        }
    }
}
