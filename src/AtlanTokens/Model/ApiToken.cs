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

        /// <summary>When the token stops working; null means it never expires.</summary>
        public DateTime? ExpiresAt => CreatedAt.HasValue && ValiditySeconds.HasValue && ValiditySeconds.Value > 0 && ValiditySeconds.Value < HistoricalNeverExpiresSeconds
            ? CreatedAt.Value.AddSeconds(ValiditySeconds.Value)
            : (DateTime?)null;

        public long? ValiditySeconds { get; internal set; }

        public string[] WorkspacePermissions { get; internal set; } = Array.Empty<string>();

        /// <summary>The token's secret: only present on the object New-AtlanApiToken returns, and only this once.</summary>
        public SecureString? AccessToken { get; internal set; }

        /// <summary>The session this token was read through, so piping acts on the same tenant. Never serialized.</summary>
        internal AtlanSession? Session { get; set; }

        public override string ToString() => DisplayName ?? Guid;
    }
}
