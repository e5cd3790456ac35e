using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Reflection;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Cmdlets;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>
    /// Issue 9 #2: a key the server echoes in any field of an error body is hidden, whole and in pieces, before
    /// anything is cut: not in the exception's message or properties, not in the ErrorRecord (what Get-Error prints).
    /// </summary>
    public sealed class SecretMaskingTests
    {
        // A JWT-shaped key longer than the 1,000 characters a message is cut to.
        private static readonly string LongKey = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + string.Concat(Enumerable.Range(0, 60).Select(i => $"Zm9vYmFy{i:D4}LXNlY3JldA")) + ".c2lnbmF0dXJl";

        private static readonly string ImpersonationKey = "eyJpbXBlcnNvbmF0aW9u." + string.Concat(Enumerable.Range(0, 40).Select(i => $"dXNlci1rZXk{i:D4}")) + ".c2ln";

        public static IEnumerable<object[]> Bodies()
        {
            string k = "\u0001KEY\u0001";
            yield return new object[] { "errorCode", $$"""{"errorCode":"{{k}}","errorMessage":"bad"}""", "application/json" };
            yield return new object[] { "error", $$"""{"error":"{{k}}","message":"bad"}""", "application/json" };
            yield return new object[] { "errorId", $$"""{"errorId":"{{k}}","errorMessage":"bad"}""", "application/json" };
            yield return new object[] { "errorMessage (long, key after the cut)", $$"""{"errorMessage":"{{new string('x', 990)}} Bearer {{k}}"}""", "application/json" };
            yield return new object[] { "errorMessage (key first)", $$"""{"errorMessage":"Bearer {{k}} is not valid"}""", "application/json" };
            yield return new object[] { "message", $$"""{"message":"token {{k}}","errorId":"x1"}""", "application/json" };
            yield return new object[] { "causes[].errorMessage", $$"""{"errorMessage":"bad","causes":[{"errorMessage":"{{k}}"}]}""", "application/json" };
            yield return new object[] { "causes[].location", $$"""{"errorMessage":"bad","causes":[{"errorMessage":"c","location":"header {{k}}"}]}""", "application/json" };
            yield return new object[] { "causes[].message (Atlas shape)", $$"""{"errorId":"x","message":"bad","causes":[{"message":"{{k}}"}]}""", "application/json" };
            yield return new object[] { "non-JSON body", $"Authorization: Bearer {k}", "text/plain" };
            yield return new object[] { "non-JSON body (long, key after the cut)", new string('y', 290) + " " + k, "text/plain" };
        }

        [Theory]
        [MemberData(nameof(Bodies))]
        public async Task The_session_key_echoed_in_a_field_is_hidden_everywhere(string field, string template, string mediaType)
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.BadRequest, template.Replace("\u0001KEY\u0001", LongKey), mediaType);
            using var client = TestClients.Create(handler, apiKey: LongKey);
            var e = await Assert.ThrowsAsync<AtlanApiException>(() => new UsersEndpoint(client).GetCurrentAsync(NullAtlanLog.Instance, default));
            AssertNoPieceOf(LongKey, e, field);
        }

        [Theory]
        [MemberData(nameof(Bodies))]
        public async Task An_impersonation_token_echoed_in_a_field_is_hidden_everywhere(string field, string template, string mediaType)
        {
            var handler = new RecordingHandler().Answer(HttpStatusCode.Forbidden, template.Replace("\u0001KEY\u0001", ImpersonationKey), mediaType);
            using var client = TestClients.Create(handler, apiKey: LongKey);
            var e = await Assert.ThrowsAsync<AtlanApiException>(
                () => new UsersEndpoint(client).GetCurrentAsync(NullAtlanLog.Instance, default, SecretText.FromString(ImpersonationKey)));
            AssertNoPieceOf(ImpersonationKey, e, field);
        }

        [Fact]
        public async Task A_secret_in_flight_and_the_session_key_are_hidden_in_an_error_of_another_request()
        {
            string created = "created-token-secret-" + new string('q', 200);
            var handler = new RecordingHandler().Answer(HttpStatusCode.InternalServerError, $$"""{"errorMessage":"{{created}} and {{LongKey}}"}""");
            using var client = TestClients.Create(handler, maxRetries: 0, apiKey: LongKey);
            var request = new AtlanRequest(System.Net.Http.HttpMethod.Get, "/api/service/users/current")
            {
                BearerOverride = SecretText.FromString(ImpersonationKey),
                SecretsInFlight = new[] { created },
            };
            var e = await Assert.ThrowsAsync<AtlanApiException>(() => client.SendAsync(request, NullAtlanLog.Instance, default));
            AssertNoPieceOf(created, e, "in flight");
            AssertNoPieceOf(LongKey, e, "session key while impersonating");
        }

        [Fact]
        public void A_piece_of_a_key_is_masked_as_well_as_the_whole()
        {
            var mask = new SecretMask(new[] { LongKey });
            string piece = LongKey.Substring(100, 40);
            Assert.Equal("before *** after", mask.Apply($"before {piece} after"));
            Assert.Equal("***", mask.Apply(LongKey));
            Assert.Equal("short ab", mask.Apply("short ab"));
        }

        /// <summary>Neither the key nor any 16 characters of it in the message, the properties, or the ErrorRecord.</summary>
        private static void AssertNoPieceOf(string secret, Exception e, string field)
        {
            ErrorRecord record = AtlanErrors.ToRecord(e, "target", null);
            var texts = new List<string> { e.ToString(), record.ToString(), record.ErrorDetails?.Message ?? string.Empty, record.ErrorDetails?.RecommendedAction ?? string.Empty };
            for (Exception? current = record.Exception; current != null; current = current.InnerException)
            {
                texts.Add(current.Message);
                texts.AddRange(PropertyTexts(current));
            }

            foreach (string text in texts)
            {
                for (int i = 0; i + 16 <= secret.Length; i++)
                {
                    Assert.False(text.Contains(secret.Substring(i, 16), StringComparison.Ordinal), $"{field}: a piece of the key at {i} is visible in: {text}");
                }
            }
        }

        private static IEnumerable<string> PropertyTexts(Exception e)
        {
            foreach (PropertyInfo property in e.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetIndexParameters().Length > 0 || property.Name == nameof(Exception.TargetSite))
                {
                    continue;
                }

                object? value = property.GetValue(e);
                if (value is string s)
                {
                    yield return s;
                }
                else if (value is IEnumerable list and not string)
                {
                    foreach (object? item in list)
                    {
                        yield return item?.ToString() ?? string.Empty;
                    }
                }
            }
        }
    }
}
