using System;
using System.Threading;
using System.Threading.Tasks;

namespace AtlanTokens.Client
{
    /// <summary>
    /// The request budget of one tenant and key in this process (see <see cref="RequestBudgets"/>): every attempt of
    /// every session, runspace and parallel task on that tenant and key takes its turn here, list pages and retries
    /// included. It paces requests evenly at the rate in force (no bursts, so a fixed per-minute window on the tenant is
    /// never overrun) and adapts: a 429 halves the rate and pauses the whole budget, not one call; the rate then climbs
    /// back additively; a Retry-After on any answer pauses the whole budget for that long.
    /// </summary>
    internal sealed class RequestBudget
    {
        /// <summary>Safely under the 1,000 requests a minute Atlan's FAQ tells clients to plan for, leaving room for other clients.</summary>
        public const int DefaultRequestsPerMinute = 600;

        /// <summary>
        /// How far ahead of the even schedule a request may go: a burst of 1 + rate × 50 ms (3 requests at 2,850 a
        /// minute), small against any per-minute window's headroom.
        /// </summary>
        public static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(50);

        /// <summary>The rate never halves below this (requests a minute).</summary>
        public const double MinRequestsPerMinute = 6;

        /// <summary>Share of the configured rate regained each second without a 429.</summary>
        public const double ClimbPerSecond = 0.05;

        private readonly object _gate = new object();
        private readonly AtlanClock _clock;
        private int _configuredPerMinute;
        private double _currentPerMinute;
        private TimeSpan _nextFree;
        private TimeSpan _pausedUntil;
        private TimeSpan _lastDecrease = TimeSpan.MinValue;
        private TimeSpan _lastClimb;
        private int _consecutiveLimits;
        private long _rateLimited;

        public RequestBudget(string tenant, int requestsPerMinute, AtlanClock clock)
        {
            Tenant = tenant;
            _clock = clock;
            Configure(requestsPerMinute);
        }

        /// <summary>The tenant (scheme and authority) this budget is for, for messages.</summary>
        public string Tenant { get; }

        /// <summary>The first pause after a 429 without Retry-After; each further 429 in a row doubles it, up to <see cref="MaxPause"/>.</summary>
        public TimeSpan BasePause { get; set; } = TimeSpan.FromSeconds(1);

        public TimeSpan MaxPause { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>The rate asked for (Connect-AtlanTenant -RequestsPerMinute, or the default).</summary>
        public int ConfiguredPerMinute
        {
            get { lock (_gate) { return _configuredPerMinute; } }
        }

        /// <summary>The rate in force now: the configured one, or less while it climbs back after a 429.</summary>
        public int CurrentPerMinute
        {
            get
            {
                lock (_gate)
                {
                    Climb(_clock.Monotonic);
                    return (int)Math.Round(_currentPerMinute);
                }
            }
        }

        /// <summary>How long the budget stays paused from now (zero when it is not paused).</summary>
        public TimeSpan PausedFor
        {
            get
            {
                lock (_gate)
                {
                    TimeSpan left = _pausedUntil - _clock.Monotonic;
                    return left > TimeSpan.Zero ? left : TimeSpan.Zero;
                }
            }
        }

        /// <summary>How many 429 answers this budget has seen.</summary>
        public long RateLimitedCount => Interlocked.Read(ref _rateLimited);

        /// <summary>Sets the rate (requests a minute) and starts from it again.</summary>
        public void Configure(int requestsPerMinute)
        {
            if (requestsPerMinute < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(requestsPerMinute), "A request budget needs at least one request a minute.");
            }

            lock (_gate)
            {
                _configuredPerMinute = requestsPerMinute;
                _currentPerMinute = requestsPerMinute;
                _lastClimb = _clock.Monotonic;
                _consecutiveLimits = 0;
            }
        }

        /// <summary>Waits for this request's turn; the ticket says when it was sent, so late 429s of earlier requests do not halve twice.</summary>
        public async Task<TimeSpan> AcquireAsync(IAtlanLog log, CancellationToken cancellationToken)
        {
            bool pauseNoted = false;
            while (true)
            {
                TimeSpan wait;
                bool reserved = false;
                lock (_gate)
                {
                    TimeSpan now = _clock.Monotonic;
                    Climb(now);
                    if (_pausedUntil > now)
                    {
                        wait = _pausedUntil - now;
                    }
                    else
                    {
                        // Paced on a theoretical schedule (_nextFree) with a small tolerance, so requests that meet at
                        // one instant need not wait a fraction of an interval each, while over any stretch of time
                        // at most Tolerance's worth more than the rate goes out.
                        TimeSpan slot = _nextFree - Tolerance > now ? _nextFree - Tolerance : now;
                        _nextFree = (_nextFree > now ? _nextFree : now) + Interval();
                        if (slot <= now)
                        {
                            return now;
                        }

                        wait = slot - now;
                        reserved = true;
                    }
                }

                if (!reserved && !pauseNoted)
                {
                    pauseNoted = true;
                    log.Verbose($"Waiting {wait.TotalSeconds:0.0} s: the request budget for {Tenant} is paused after the tenant's rate limit answered.");
                }

                await _clock.DelayAsync(wait, cancellationToken).ConfigureAwait(false);
                if (reserved)
                {
                    lock (_gate)
                    {
                        TimeSpan now = _clock.Monotonic;
                        if (_pausedUntil <= now)
                        {
                            return now;
                        }
                    }
                }
            }
        }

        /// <summary>
        /// A 429 to a request sent at <paramref name="sentAt"/>: the first one since the rate last fell halves it and
        /// pauses the whole budget (for Retry-After when given, else a pause that doubles with each 429 in a row);
        /// 429s of requests that were already in flight then only extend the pause to their Retry-After.
        /// </summary>
        public void OnRateLimited(TimeSpan sentAt, TimeSpan? retryAfter, IAtlanLog log)
        {
            Interlocked.Increment(ref _rateLimited);
            TimeSpan pause;
            double rate;
            lock (_gate)
            {
                TimeSpan now = _clock.Monotonic;
                bool fresh = sentAt > _lastDecrease;
                if (fresh)
                {
                    _currentPerMinute = Math.Max(Math.Min(MinRequestsPerMinute, _configuredPerMinute), _currentPerMinute / 2);
                    _lastDecrease = now;
                    _lastClimb = now;
                    _consecutiveLimits++;
                }

                TimeSpan backoff = TimeSpan.FromTicks((long)Math.Min(MaxPause.Ticks, BasePause.Ticks * Math.Pow(2, Math.Max(0, _consecutiveLimits - 1))));
                pause = retryAfter ?? (fresh ? backoff : TimeSpan.Zero);
                if (!ExtendPause(now, pause))
                {
                    return;
                }

                rate = _currentPerMinute;
            }

            log.Verbose($"The tenant {Tenant} answered 429 (rate limited): every request on this tenant and key pauses for {pause.TotalSeconds:0.0} s{(retryAfter.HasValue ? " (its Retry-After)" : string.Empty)}, then goes on at {rate:0} requests a minute, climbing back to {ConfiguredPerMinute}.");
        }

        /// <summary>A Retry-After on an answer other than 429 (a 503, say): the whole budget waits that long.</summary>
        public void OnRetryAfter(TimeSpan retryAfter, IAtlanLog log)
        {
            bool extended;
            lock (_gate)
            {
                extended = ExtendPause(_clock.Monotonic, retryAfter);
            }

            if (extended)
            {
                log.Verbose($"The tenant {Tenant} asked to retry after {retryAfter.TotalSeconds:0.0} s: every request on this tenant and key waits that long.");
            }
        }

        /// <summary>An answer that was not a 429: a run of 429s is over once a request sent after the last fall gets through.</summary>
        public void OnAnswered(TimeSpan sentAt)
        {
            lock (_gate)
            {
                if (sentAt > _lastDecrease)
                {
                    _consecutiveLimits = 0;
                }
            }
        }

        private bool ExtendPause(TimeSpan now, TimeSpan pause)
        {
            TimeSpan until = now + pause;
            if (pause <= TimeSpan.Zero || until <= _pausedUntil)
            {
                return false;
            }

            _pausedUntil = until;
            if (_nextFree < until)
            {
                _nextFree = until;
            }

            return true;
        }

        private void Climb(TimeSpan now)
        {
            if (_currentPerMinute >= _configuredPerMinute || now < _pausedUntil)
            {
                return;
            }

            TimeSpan from = _lastClimb > _pausedUntil ? _lastClimb : _pausedUntil;
            double seconds = (now - from).TotalSeconds;
            if (seconds <= 0)
            {
                return;
            }

            _currentPerMinute = Math.Min(_configuredPerMinute, _currentPerMinute + (seconds * ClimbPerSecond * _configuredPerMinute));
            _lastClimb = now;
        }

        private TimeSpan Interval() => TimeSpan.FromTicks((long)(TimeSpan.TicksPerMinute / _currentPerMinute));
    }
}
