using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Client.Auth;
using AtlanTokens.Session;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>One OAuth session used by several runspaces at once: they share one exchange.</summary>
    public sealed class OAuthRunspaceTests
    {
        private const string TokenPath = "/api/service/oauth-clients/token";

        [Fact]
        public void Runspaces_sharing_a_session_wait_for_one_exchange()
        {
            var handler = new GatedExchangeHandler();
            var authentication = new OAuthClientAuthentication("oauth-client-0001", SecretText.FromString("runspace-secret-0123456789"), new FakeClock());
            var baseUri = new Uri("https://tenant.example.com/");
            using var session = new AtlanSession(baseUri, "service-account-oauth-client-0001",
                new AtlanClient(baseUri, authentication, new AtlanClientOptions { MaxRetries = 0 }, handler));

            var runspaces = Enumerable.Range(0, 4).Select(_ => OpenRunspace()).ToList();
            var shells = new List<PowerShell>();
            var pending = new List<IAsyncResult>();
            try
            {
                foreach (Runspace runspace in runspaces)
                {
                    PowerShell ps = PowerShell.Create();
                    ps.Runspace = runspace;
                    ps.AddCommand("Get-AtlanApiToken").AddParameter("Session", session).AddParameter("Name", "ci-*");
                    shells.Add(ps);
                    pending.Add(ps.BeginInvoke());
                }

                // One runspace makes the exchange; the three others wait for it, none makes its own.
                bool allWaiting = SpinWait.SpinUntil(() => handler.Exchanges >= 1 && authentication.WaitingForExchange == 3, TimeSpan.FromSeconds(60));
                handler.Release();
                for (int i = 0; i < shells.Count; i++)
                {
                    shells[i].EndInvoke(pending[i]);
                    Assert.Empty(shells[i].Streams.Error);
                }

                Assert.True(allWaiting, $"exchanges seen: {handler.Exchanges}, waiting: {authentication.WaitingForExchange}");
                Assert.Equal(1, handler.Exchanges);
                Assert.Equal(4, handler.Listings);
            }
            finally
            {
                shells.ForEach(ps => ps.Dispose());
                runspaces.ForEach(r => r.Dispose());
            }
        }

        private static Runspace OpenRunspace()
        {
            InitialSessionState state = InitialSessionState.CreateDefault2();
            state.ImportPSModule(new[] { Path.Combine(AppContext.BaseDirectory, "AtlanTokens.psd1") });
            Runspace runspace = RunspaceFactory.CreateRunspace(state);
            runspace.Open();
            return runspace;
        }

        /// <summary>Holds the exchange's answer until released; answers every listing with an empty page.</summary>
        private sealed class GatedExchangeHandler : HttpMessageHandler
        {
            private readonly TaskCompletionSource<bool> _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
            private int _exchanges;
            private int _listings;

            public int Exchanges => Volatile.Read(ref _exchanges);

            public int Listings => Volatile.Read(ref _listings);

            public void Release() => _gate.TrySetResult(true);

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.RequestUri!.AbsolutePath == TokenPath)
                {
                    Interlocked.Increment(ref _exchanges);
                    await _gate.Task;
                    return Json("""{"accessToken":"bearer-shared","tokenType":"Bearer","expiresIn":600}""");
                }

                Interlocked.Increment(ref _listings);
                return request.Headers.Authorization?.ToString() == "Bearer bearer-shared"
                    ? Json("""{"totalRecord":0,"filterRecord":0,"records":[]}""")
                    : new HttpResponseMessage(HttpStatusCode.Unauthorized) { Content = new StringContent("{}") };
            }

            private static HttpResponseMessage Json(string body)
                => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }
}
