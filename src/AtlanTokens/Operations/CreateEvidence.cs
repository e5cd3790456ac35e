using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AtlanTokens.Client;
using AtlanTokens.Model;

namespace AtlanTokens.Operations
{
    /// <summary>
    /// Whether a token that appeared during a create is this call's own lost attempt. Only positive evidence counts:
    /// every field sent matches (name, description, personas, validity), it was created by this session's user, and the
    /// tenant stamped it inside this call's window (from just before the first attempt to now, in the tenant's time).
    /// A shared name or "created a moment later" is not evidence: another writer with the same key may be creating
    /// tokens of this name too.
    /// </summary>
    internal sealed class CreateEvidence
    {
        /// <summary>Allowed for the tenant's clock against this one before a delivered token shows the difference.</summary>
        internal static readonly TimeSpan UncalibratedSkew = TimeSpan.FromMinutes(2);

        /// <summary>Allowed once a delivered token's createdAt told the tenant's clock (plus that request's own duration).</summary>
        internal static readonly TimeSpan CalibratedSkew = TimeSpan.FromSeconds(5);

        private readonly ApiTokenCreateRequest _request;
        private readonly string _ownUsername;
        private readonly DateTimeOffset _windowStart;
        private TimeSpan _tenantOffset = TimeSpan.Zero;
        private TimeSpan _allowance = UncalibratedSkew;
        private ApiToken? _delivered;

        /// <param name="windowStart">This clock's time just before the first attempt was sent.</param>
        public CreateEvidence(ApiTokenCreateRequest request, string ownUsername, DateTimeOffset windowStart)
        {
            _request = request;
            _ownUsername = ownUsername;
            _windowStart = windowStart;
        }

        /// <summary>
        /// Learns the tenant's clock and its reading of the fields from the token this call did create: it was stamped
        /// between <paramref name="sent"/> and <paramref name="answered"/> (this clock).
        /// </summary>
        public void Calibrate(ApiToken delivered, DateTimeOffset sent, DateTimeOffset answered)
        {
            _delivered = delivered;
            if (UtcOf(delivered.CreatedAt) is DateTimeOffset stamped)
            {
                TimeSpan exchange = answered - sent;
                _tenantOffset = stamped - (sent + TimeSpan.FromTicks(exchange.Ticks / 2));
                _allowance = CalibratedSkew + exchange;
            }
        }

        /// <summary>
        /// The tokens among <paramref name="appeared"/> shown to be this call's own. Each other one is added to
        /// <paramref name="known"/> (never looked at again) and handed to <paramref name="leftAlone"/> with the reason.
        /// </summary>
        public List<ApiToken> OwnAmong(IEnumerable<ApiToken> appeared, DateTimeOffset now, HashSet<string> known, Action<ApiToken, string> leftAlone)
        {
            var own = new List<ApiToken>();
            foreach (ApiToken token in appeared)
            {
                string? whyNot = WhyNotOwn(token, now);
                if (whyNot == null)
                {
                    own.Add(token);
                    continue;
                }

                known.Add(token.Guid);
                leftAlone(token, whyNot);
            }

            return own;
        }

        /// <summary>Null when <paramref name="candidate"/> is shown to be this call's own; otherwise why not, as a clause.</summary>
        public string? WhyNotOwn(ApiToken candidate, DateTimeOffset now)
        {
            var reasons = new List<string>();
            if (!string.Equals(candidate.DisplayName, _request.DisplayName, StringComparison.Ordinal))
            {
                reasons.Add("its name is not exactly the one sent");
            }

            string description = candidate.Description ?? string.Empty;
            if (!(description == _request.Description || (_delivered != null && description == (_delivered.Description ?? string.Empty))))
            {
                reasons.Add("its description differs from the one sent");
            }

            if (!SamePersonas(candidate))
            {
                reasons.Add("its personas differ from the ones sent");
            }

            if (!(candidate.ValiditySeconds == _request.ValiditySeconds || (_delivered != null && candidate.ValiditySeconds == _delivered.ValiditySeconds)))
            {
                reasons.Add("its validity differs from the one sent");
            }

            if (!string.Equals(candidate.CreatedBy, _ownUsername, StringComparison.Ordinal))
            {
                reasons.Add($"it was created by {candidate.CreatedBy ?? "an unknown user"}, not by this session's user");
            }

            if (!(UtcOf(candidate.CreatedAt) is DateTimeOffset stamped))
            {
                reasons.Add("it carries no creation time");
            }
            else
            {
                DateTimeOffset from = _windowStart + _tenantOffset - _allowance;
                DateTimeOffset to = now + _tenantOffset + _allowance;
                if (stamped < from || stamped > to)
                {
                    reasons.Add($"it was created at {stamped.ToString("u", CultureInfo.InvariantCulture)}, outside this call's window ({from.ToString("u", CultureInfo.InvariantCulture)} to {to.ToString("u", CultureInfo.InvariantCulture)}, tenant time)");
                }
            }

            return reasons.Count == 0 ? null : string.Join("; ", reasons);
        }

        private bool SamePersonas(ApiToken candidate)
        {
            var linked = new HashSet<string>(candidate.Personas.QualifiedNames, StringComparer.Ordinal);
            bool asSent = linked.SetEquals(_request.PersonaQualifiedNames)
                && candidate.Personas.Uninterpreted.Count == (_request.KeepVerbatim?.Count ?? 0);
            bool asDelivered = _delivered != null
                && linked.SetEquals(_delivered.Personas.QualifiedNames)
                && candidate.Personas.Uninterpreted.SequenceEqual(_delivered.Personas.Uninterpreted, StringComparer.Ordinal);
            return asSent || asDelivered;
        }

        /// <summary>The module reads createdAt as local time (epoch milliseconds); compare in UTC.</summary>
        private static DateTimeOffset? UtcOf(DateTime? time)
            => time is DateTime t
                ? new DateTimeOffset(t.Kind == DateTimeKind.Utc ? t : DateTime.SpecifyKind(t, DateTimeKind.Local).ToUniversalTime(), TimeSpan.Zero)
                : (DateTimeOffset?)null;
    }
}
