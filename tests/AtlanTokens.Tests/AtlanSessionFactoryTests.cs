using System;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Session;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>The one place a session is built, against the emulator.</summary>
    [Collection(EmulatorCollection.Name)]
    public sealed class AtlanSessionFactoryTests
    {
        private readonly EmulatorProcess _emulator;

        public AtlanSessionFactoryTests(EmulatorProcess emulator)
        {
            _emulator = emulator;
            _emulator.ResetAsync().GetAwaiter().GetResult();
        }

        [Fact]
        public async Task Connect_returns_an_open_session_named_after_the_keys_user()
        {
            using AtlanSession session = await AtlanSessionFactory.ConnectAsync(
                new Uri(_emulator.Url), EmulatorProcess.Key(_emulator.AdminApiKey), new AtlanClientOptions { MaxRetries = 0 }, NullAtlanLog.Instance, default);

            Assert.True(session.IsOpen);
            Assert.Equal(new Uri(_emulator.Url).GetLeftPart(UriPartial.Authority), session.BaseUrl);
            Assert.StartsWith(Model.ApiToken.UsernamePrefix, session.UserName);
            Assert.Equal(0, session.MaxRetries);
        }

        [Fact]
        public async Task A_rejected_key_passes_the_401_on_unchanged()
        {
            var e = await Assert.ThrowsAsync<AtlanApiException>(() => AtlanSessionFactory.ConnectAsync(
                new Uri(_emulator.Url), EmulatorProcess.Key("not-a-key-of-this-tenant"), new AtlanClientOptions { MaxRetries = 0 }, NullAtlanLog.Instance, default));

            Assert.Equal(401, e.StatusCode);
            Assert.False(e.MayHaveBeenApplied);
        }
    }
}
