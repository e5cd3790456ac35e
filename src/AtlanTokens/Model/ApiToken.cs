using System;
using System.Security;
using AtlanTokens.Session;

namespace AtlanTokens.Model
{
    /// <summary>An Atlan API token: an actor of its own, with its own personas. Its secret is only ever known at creation.</summary>
    public sealed class ApiToken
    {
        /// <summary>The lifespan Atlan once used to mean "never expires" (13 years); treated as never.</summary>
        internal const long HistoricalNeverExpiresSeconds = 409968000;

        internal const string UsernamePrefix = "service-account-";

        public string Guid { get; internal set; } = string.Empty;

        public string? ClientId { get; internal set; }

        /// <summary>The name the token acts under in Atlan (service-account-&lt;clientId&gt;), e.g. in adminUsers.</summary>
        public string? Username => ClientId == null ? null : UsernamePrefix + ClientId;

        public string? DisplayName { get; internal set; }

        public string? Description { get; internal set; }

        public PersonaList Personas { get; internal set; } = PersonaList.Empty;

        public DateTime? CreatedAt { get; internal set; }

        public string? CreatedBy { get; internal set; }

        /// <summary>When the token stops working; null means it never expires (see <see cref="NeverExpires"/>).</summary>
        public DateTime? ExpiresAt => CreatedAt.HasValue && ValiditySeconds.HasValue && ValiditySeconds.Value > 0 && ValiditySeconds.Value < HistoricalNeverExpiresSeconds
            ? CreatedAt.Value.AddSeconds(ValiditySeconds.Value)
            : (DateTime?)null;

        /// <summary>True when the token has no expiry (ExpiresAt is null), so filters on ExpiresAt can leave it out.</summary>
        public bool NeverExpires => !ExpiresAt.HasValue;

        /// <summary>True when the token has expired (its key no longer works); never true for a never-expiring token.</summary>
        public bool IsExpired => ExpiresAt is DateTime expires && expires.ToUniversalTime() <= Now;

        public long? ValiditySeconds { get; internal set; }

        public StringList WorkspacePermissions { get; internal set; } = StringList.Empty;

        /// <summary>The tenant (base URL, e.g. https://acme.atlan.com) the token was read from; tells tenants apart in reports.</summary>
        public string? Tenant => Session?.BaseUrl;

        /// <summary>
        /// The token's secret, known only right after creation. Not a public property: New-AtlanApiToken adds it to the
        /// one object it returns, so tokens read back (and their Export-Csv) carry no empty secret column.
        /// </summary>
        internal SecureString? AccessToken { get; set; }

        /// <summary>The session this token was read through, so piping acts on the same tenant. Never serialized.</summary>
        internal AtlanSession? Session { get; set; }

        /// <summary>True when the token expires within <paramref name="window"/> from now, or already has.</summary>
        internal bool ExpiresWithin(TimeSpan window) => ExpiresAt is DateTime expires && expires.ToUniversalTime() <= Now.Add(window);

        /// <summary>Now, by the clock of the session the token came from (the real one when it came from none).</summary>
        private DateTime Now => (Session?.Client.Options.Clock ?? AtlanTokens.Client.AtlanClock.System).UtcNow.UtcDateTime;

        public override string ToString() => DisplayName ?? Guid;
    }
}
