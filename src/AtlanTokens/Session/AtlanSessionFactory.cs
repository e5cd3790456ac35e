using System;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Client;

namespace AtlanTokens.Session
{
    /// <summary>The one place a session is built: its client, and who the key acts as (users/current).</summary>
    internal static class AtlanSessionFactory
    {
        /// <summary>
        /// Builds the client for <paramref name="apiKey"/>, asks the tenant who the key acts as, and returns the open
        /// session. Any failure (a rejected key, an unreachable tenant, cancellation) disposes the client and passes the
        /// exception on unchanged, so the caller maps it as before.
        /// </summary>
        public static async Task<AtlanSession> ConnectAsync(Uri baseUri, SecureString apiKey, AtlanClientOptions options, IAtlanLog log, CancellationToken cancellationToken)
        {
            var client = new AtlanClient(baseUri, apiKey, options);
            try
            {
                CurrentUser user = await new UsersEndpoint(client).GetCurrentAsync(log, cancellationToken).ConfigureAwait(false);
                return new AtlanSession(baseUri, user.Username, client);
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }
    }
}
