using System.Collections.Generic;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Model;

namespace AtlanTokens.Client.Auth
{
    /// <summary>
    /// Where the Authorization header of a session's requests comes from: a fixed API key, or bearers obtained for an
    /// OAuth client. One instance per session, shared by every runspace that uses the session; thread-safe.
    /// </summary>
    internal abstract class AtlanAuthentication
    {
        public abstract AtlanAuthenticationKind Kind { get; }

        /// <summary>The header for the next request (an OAuth client may exchange its credentials for it first).</summary>
        public abstract Task<AuthenticationHeaderValue> HeaderAsync(AtlanClient client, IAtlanLog log, CancellationToken cancellationToken);

        /// <summary>
        /// A request sent with <paramref name="used"/> was answered 401. True when a new header may pass, so the
        /// request is worth sending once more (an OAuth bearer that expired or was revoked early); false for a fixed key.
        /// </summary>
        public abstract bool Rejected(AuthenticationHeaderValue used);

        /// <summary>Every secret this authentication holds, to hide if a server echoes one in an error.</summary>
        public abstract IEnumerable<string?> Secrets();
    }
}
