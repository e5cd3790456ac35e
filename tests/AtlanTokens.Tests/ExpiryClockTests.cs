using System;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Session;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>Issue 16: a token's expiry is judged by the clock of the session it came from (the real clock when none).</summary>
    public sealed class ExpiryClockTests
    {
        [Fact]
        public void IsExpired_and_ExpiresWithin_read_the_sessions_clock()
        {
            var clock = new FakeClock();
            using AtlanClient client = TestClients.Create(new RecordingHandler(), clock: clock);
            using var session = new AtlanSession(client.BaseUri, "service-account-apikey-admin", client);
            var token = new ApiToken { Guid = "g", CreatedAt = clock.UtcNow.LocalDateTime, ValiditySeconds = 3600, Session = session };

            Assert.False(token.IsExpired);
            Assert.False(token.ExpiresWithin(TimeSpan.FromMinutes(59)));
            Assert.True(token.ExpiresWithin(TimeSpan.FromMinutes(60)));

            clock.Advance(TimeSpan.FromMinutes(61));

            Assert.True(token.IsExpired);
        }

        [Fact]
        public void Without_a_session_the_real_clock_decides()
        {
            var fresh = new ApiToken { Guid = "g", CreatedAt = DateTime.Now, ValiditySeconds = 3600 };
            var old = new ApiToken { Guid = "g", CreatedAt = DateTime.Now.AddDays(-2), ValiditySeconds = 3600 };

            Assert.False(fresh.IsExpired);
            Assert.True(old.IsExpired);
        }
    }
}
