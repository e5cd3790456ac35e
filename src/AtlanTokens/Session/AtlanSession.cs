using System;
using AtlanTokens.Client;
using AtlanTokens.Operations;

namespace AtlanTokens.Session
{
    /// <summary>
    /// An authenticated connection to one Atlan tenant: state only (tenant, identity, the HTTP client and with it the
    /// key, endpoints, caches); its workflows are built by <see cref="SessionOperations"/>. Exposes nothing secret. Objects read through a session remember it, so piping acts on the same tenant.
    /// </summary>
    public sealed class AtlanSession : IDisposable
    {
        internal AtlanSession(Uri baseUri, string userName, AtlanClient client)
        {
            BaseUrl = baseUri.GetLeftPart(UriPartial.Authority);
            _userName = userName;
            Client = client;
            ConnectedAt = DateTime.Now;
            ApiTokens = new ApiTokensEndpoint(client);
            Users = new UsersEndpoint(client);
            Search = new SearchEndpoint(client);
            Personas = new PersonaDirectory(Search);
            TokenNames = new TokenNameDirectory(ApiTokens);
            Entities = new EntitiesEndpoint(client);
            Assets = new AssetLookup(Search);
            AssetDirectory = new AssetDirectory(Assets);
            Operations = new SessionOperations(this);
        }

        public string BaseUrl { get; }

        public string Tenant => new Uri(BaseUrl).Host;

        private volatile string _userName;

        /// <summary>Who the key acts as: service-account-&lt;clientId&gt; for an API token or an OAuth client.</summary>
        public string UserName => _userName;

        /// <summary>How the session authenticates: ApiKey (an API token's key) or OAuthClient (client credentials).</summary>
        public Model.AtlanAuthenticationKind Authentication => Client.Authentication.Kind;

        /// <summary>The OAuth client's id when the session authenticates as one (not a secret).</summary>
        public string? OAuthClientId => (Client.Authentication as Client.Auth.OAuthClientAuthentication)?.ClientId;

        /// <summary>
        /// The client id of the session's own API token, when the key is one. Null for an OAuth session: an OAuth client
        /// is not an API token, so the session has no token of its own.
        /// </summary>
        public string? ClientId => Authentication == Model.AtlanAuthenticationKind.ApiKey && UserName.StartsWith(Model.ApiToken.UsernamePrefix, StringComparison.Ordinal)
            ? UserName.Substring(Model.ApiToken.UsernamePrefix.Length)
            : null;

        public DateTime ConnectedAt { get; }

        /// <summary>
        /// True when <paramref name="token"/> is the API token this session authenticates with (same client id), so
        /// deleting or rotating it away would leave every later call of the session failing with 401.
        /// </summary>
        internal bool AuthenticatesWith(Model.ApiToken token)
            => ClientId != null && token.ClientId != null && string.Equals(ClientId, token.ClientId, StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// Makes every later call of this session use <paramref name="apiKey"/>, the key of the API token
        /// <paramref name="userName"/> (after a rotation deleted the token the session authenticated with).
        /// </summary>
        internal void SwitchKey(System.Security.SecureString apiKey, string userName)
        {
            Client.ReplaceKey(apiKey);
            _userName = userName;
            Operations.UserChanged(userName);
        }

        public int MaxRetries => Client.Options.MaxRetries;

        /// <summary>The request budget's rate asked for (requests a minute), shared by every session on this tenant and key in this process.</summary>
        public int RequestsPerMinute => Client.Budget.ConfiguredPerMinute;

        /// <summary>The rate in force now: <see cref="RequestsPerMinute"/>, or less while it climbs back after a 429.</summary>
        public int CurrentRequestsPerMinute => Client.Budget.CurrentPerMinute;

        /// <summary>Seconds the request budget stays paused after a 429 or a Retry-After (0 when it is not paused).</summary>
        public double RateLimitPauseSeconds => Math.Round(Client.Budget.PausedFor.TotalSeconds, 1);

        public int TimeoutSec => (int)Client.Options.RequestTimeout.TotalSeconds;

        /// <summary>Connect-AtlanTenant -CreateSettleSec: how long New-AtlanApiToken watches for a lost attempt's late copy.</summary>
        public int CreateSettleSec => (int)Client.Options.CreateSettleTime.TotalSeconds;

        /// <summary>Connect-AtlanTenant -GrantSettleMs: the least wait between a grant's save and its check read.</summary>
        public int GrantSettleMs => (int)Client.Options.GrantSettleMin.TotalMilliseconds;

        public bool IsOpen => !_disposed;

        internal AtlanClient Client { get; }

        internal ApiTokensEndpoint ApiTokens { get; }

        internal UsersEndpoint Users { get; }

        internal SearchEndpoint Search { get; }

        internal PersonaDirectory Personas { get; }

        internal TokenNameDirectory TokenNames { get; }

        internal EntitiesEndpoint Entities { get; }

        internal AssetLookup Assets { get; }

        internal AssetDirectory AssetDirectory { get; }

        /// <summary>The multi-call workflows (create, update, grants, audit, rotation), built from this session's state.</summary>
        internal SessionOperations Operations { get; }

        private volatile bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                Client.Dispose();
            }
        }

        public override string ToString() => $"{UserName} @ {BaseUrl}";
    }
}
