using System;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Client.Auth;

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
        public static Task<AtlanSession> ConnectAsync(Uri baseUri, SecureString apiKey, AtlanClientOptions options, IAtlanLog log, CancellationToken cancellationToken)
            => ConnectAsync(baseUri, new StaticKeyAuthentication(apiKey), options, log, cancellationToken);

        /// <summary>
        /// The same for an OAuth client: the first call (users/current) exchanges the id and secret for a bearer, so a
        /// wrong id or secret fails here, as a 401 of the token endpoint.
        /// </summary>
        public static Task<AtlanSession> ConnectOAuthClientAsync(Uri baseUri, string clientId, SecureString clientSecret, AtlanClientOptions options, IAtlanLog log, CancellationToken cancellationToken)
            => ConnectAsync(baseUri, new OAuthClientAuthentication(clientId, clientSecret, options.Clock), options, log, cancellationToken);

        private static async Task<AtlanSession> ConnectAsync(Uri baseUri, AtlanAuthentication authentication, AtlanClientOptions options, IAtlanLog log, CancellationToken cancellationToken)
        {
            var client = new AtlanClient(baseUri, authentication, options);
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
