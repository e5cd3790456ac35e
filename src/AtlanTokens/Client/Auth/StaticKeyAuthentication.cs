using System.Collections.Generic;
using System.Net.Http.Headers;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Model;

namespace AtlanTokens.Client.Auth
{
    /// <summary>An API token's key, sent as it is; replaced only when a rotation deletes the session's own token.</summary>
    internal sealed class StaticKeyAuthentication : AtlanAuthentication
    {
        private volatile AuthenticationHeaderValue _header;

        public StaticKeyAuthentication(SecureString apiKey)
        {
            // HttpClient needs the header as a string; it is built once here and never exposed or logged.
            _header = new AuthenticationHeaderValue("Bearer", SecretText.Reveal(apiKey));
        }

        public override AtlanAuthenticationKind Kind => AtlanAuthenticationKind.ApiKey;

        /// <summary>Authenticates every later call with another key; calls in flight keep the old one.</summary>
        public void Replace(SecureString apiKey)
            => _header = new AuthenticationHeaderValue("Bearer", SecretText.Reveal(apiKey));

        public override Task<AuthenticationHeaderValue> HeaderAsync(AtlanClient client, IAtlanLog log, CancellationToken cancellationToken)
            => Task.FromResult(_header);

        public override bool Rejected(AuthenticationHeaderValue used) => false;

        public override IEnumerable<string?> Secrets()
        {
            yield return _header.Parameter;
        }
    }
}
