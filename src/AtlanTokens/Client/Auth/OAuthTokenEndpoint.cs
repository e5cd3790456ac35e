using System;
using System.IO;
using System.Net.Http;
using System.Security;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace AtlanTokens.Client.Auth
{
    /// <summary>POST /api/service/oauth-clients/token: an OAuth client's id and secret for a short-lived bearer.</summary>
    internal static class OAuthTokenEndpoint
    {
        public const string TokenPath = "/api/service/oauth-clients/token";

        public static Task<OAuthBearer> ExchangeAsync(AtlanClient client, string clientId, SecureString secret, IAtlanLog log, CancellationToken cancellationToken)
        {
            string plain = SecretText.Reveal(secret);
            var request = new AtlanRequest(HttpMethod.Post, TokenPath)
            {
                Body = JsonBody.Write(writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteString("clientId", clientId);
                    writer.WriteString("clientSecret", plain);
                    writer.WriteEndObject();
                }),
                Anonymous = true,
                RetryMode = RetryMode.Idempotent, // a second exchange only mints a second bearer
                SecretsInFlight = new[] { plain },
            };
            return client.SendAsync(request, ReadAsync, log, cancellationToken);
        }

        private static async Task<OAuthBearer> ReadAsync(Stream body, CancellationToken cancellationToken)
        {
            using JsonDocument document = await JsonDocument.ParseAsync(body, default, cancellationToken).ConfigureAwait(false);
            JsonElement root = document.RootElement;
            string? accessToken = JsonBody.Text(root, "accessToken") ?? JsonBody.Text(root, "access_token");
            if (string.IsNullOrWhiteSpace(accessToken))
            {
                throw new FormatException("the OAuth token endpoint answered without an access token");
            }

            string? tokenType = JsonBody.Text(root, "tokenType") ?? JsonBody.Text(root, "token_type");
            if (tokenType != null && !string.Equals(tokenType, "Bearer", StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException($"the OAuth token endpoint answered with a token of type '{tokenType}', not a bearer");
            }

            long? seconds = JsonBody.Int64(root, "expiresIn") ?? JsonBody.Int64(root, "expires_in");
            return new OAuthBearer(accessToken!.Trim(), seconds.HasValue ? TimeSpan.FromSeconds(seconds.Value) : (TimeSpan?)null);
        }
    }
}
