using System;
using System.IO;
using System.Net.Http;
using System.Security;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace AtlanTokens.Client
{
    internal sealed class UsersEndpoint
    {
        public const string CurrentUserPath = "/api/service/users/current";

        private readonly AtlanClient _client;

        public UsersEndpoint(AtlanClient client)
        {
            _client = client;
        }

        /// <summary>The identity of the session's key, or of <paramref name="bearer"/> when given.</summary>
        public Task<CurrentUser> GetCurrentAsync(IAtlanLog log, CancellationToken cancellationToken, SecureString? bearer = null)
            => _client.SendAsync(new AtlanRequest(HttpMethod.Get, CurrentUserPath) { BearerOverride = bearer }, ReadAsync, log, cancellationToken);

        private static async Task<CurrentUser> ReadAsync(Stream body, CancellationToken cancellationToken)
        {
            using JsonDocument document = await JsonDocument.ParseAsync(body, default, cancellationToken).ConfigureAwait(false);
            string? username = JsonBody.Text(document.RootElement, "username");
            if (string.IsNullOrEmpty(username))
            {
                throw new FormatException("users/current answered without a username");
            }

            return new CurrentUser(username!);
        }
    }
}
