using System;
using System.Collections.Generic;
using System.Net.Http.Headers;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Model;

namespace AtlanTokens.Client.Auth
{
    /// <summary>
    /// An OAuth client (client credentials): exchanges its id and secret for a short-lived bearer, keeps the bearer
    /// until shortly before it expires, and fetches a new one then, or at once when the tenant rejects it (401).
    /// One exchange at a time per session: concurrent requests, from any runspace, wait for the same exchange.
    /// </summary>
    internal sealed class OAuthClientAuthentication : AtlanAuthentication
    {
        /// <summary>The most a bearer is renewed ahead of its expiry (less for short lifetimes: a quarter of it).</summary>
        public static readonly TimeSpan MaxRenewalMargin = TimeSpan.FromSeconds(60);

        private readonly SecureString _secret;
        private readonly AtlanClock _clock;
        private readonly SemaphoreSlim _exchange = new SemaphoreSlim(1, 1);
        private volatile CachedBearer? _current;

        public OAuthClientAuthentication(string clientId, SecureString secret, AtlanClock clock)
        {
            ClientId = clientId;
            _secret = secret.IsReadOnly() ? secret : secret.Copy();
            _secret.MakeReadOnly();
            _clock = clock;
        }

        public override AtlanAuthenticationKind Kind => AtlanAuthenticationKind.OAuthClient;

        /// <summary>The OAuth client's id (not a secret: Atlan shows it in the admin center).</summary>
        public string ClientId { get; }

        /// <summary>How many exchanges this session made (for tests and verbose output).</summary>
        public int Exchanges => Volatile.Read(ref _exchanges);

        private int _exchanges;

        /// <summary>Requests waiting for the exchange another request is making (to see the single flight in tests).</summary>
        internal int WaitingForExchange => Volatile.Read(ref _waiting);

        private int _waiting;

        public override async Task<AuthenticationHeaderValue> HeaderAsync(AtlanClient client, IAtlanLog log, CancellationToken cancellationToken)
        {
            CachedBearer? current = _current;
            if (current != null && current.IsFresh(_clock.Monotonic))
            {
                return current.Header;
            }

            Interlocked.Increment(ref _waiting);
            try
            {
                await _exchange.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }

            try
            {
                current = _current;
                if (current != null && current.IsFresh(_clock.Monotonic))
                {
                    return current.Header; // another request exchanged while this one waited
                }

                TimeSpan asked = _clock.Monotonic;
                OAuthBearer bearer = await OAuthTokenEndpoint.ExchangeAsync(client, ClientId, _secret, log, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _exchanges);
                var fresh = new CachedBearer(new AuthenticationHeaderValue("Bearer", bearer.AccessToken), asked, bearer.Lifetime);
                _current = fresh;
                log.Verbose($"OAuth client {ClientId}: obtained a bearer valid for {bearer.Lifetime.TotalSeconds:0} s{(bearer.LifetimeAssumed ? " (the tenant gave no lifetime; assumed)" : string.Empty)}.");
                return fresh.Header;
            }
            finally
            {
                _exchange.Release();
            }
        }

        public override bool Rejected(AuthenticationHeaderValue used)
        {
            CachedBearer? current = _current;
            if (current != null && ReferenceEquals(current.Header, used))
            {
                // Only the bearer that failed is dropped: a newer one another request fetched meanwhile stays.
                Interlocked.CompareExchange(ref _current, null, current);
            }

            return true;
        }

        public override IEnumerable<string?> Secrets()
        {
            yield return _current?.Header.Parameter;
            yield return SecretText.Reveal(_secret);
        }

        private sealed class CachedBearer
        {
            private readonly TimeSpan _renewAt;

            public CachedBearer(AuthenticationHeaderValue header, TimeSpan obtainedAt, TimeSpan lifetime)
            {
                Header = header;
                TimeSpan margin = TimeSpan.FromTicks(Math.Min(MaxRenewalMargin.Ticks, lifetime.Ticks / 4));
                _renewAt = obtainedAt + lifetime - margin;
            }

            public AuthenticationHeaderValue Header { get; }

            public bool IsFresh(TimeSpan now) => now < _renewAt;
        }
    }
}
