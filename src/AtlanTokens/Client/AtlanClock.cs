using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace AtlanTokens.Client
{
    /// <summary>
    /// Time as a dependency: every wait (backoff, settle windows, proof retries, late-commit watch, pacing) and every
    /// "how long since" in the client and the operations reads this, so tests drive recovery paths with a fake clock
    /// in milliseconds. (Our own small type rather than System.TimeProvider: netstandard2.0 would need one more shipped
    /// assembly for it, and Windows PowerShell 5.1 loads every extra assembly into a shared process.)
    /// </summary>
    internal abstract class AtlanClock
    {
        /// <summary>The real clock.</summary>
        public static AtlanClock System { get; } = new SystemClock();

        /// <summary>Wall-clock time: token expiry, Retry-After dates.</summary>
        public abstract DateTimeOffset UtcNow { get; }

        /// <summary>Monotonic time since an arbitrary origin: windows, budgets, elapsed time. Never goes back.</summary>
        public abstract TimeSpan Monotonic { get; }

        /// <summary>Waits <paramref name="delay"/> (a zero or negative delay completes at once).</summary>
        public abstract Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken);

        /// <summary>A stopwatch on this clock, started now.</summary>
        public ClockWatch StartWatch() => new ClockWatch(this);

        private sealed class SystemClock : AtlanClock
        {
            private static readonly Stopwatch Origin = Stopwatch.StartNew();

            public override DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

            public override TimeSpan Monotonic => Origin.Elapsed;

            public override Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
                => delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, cancellationToken);
        }
    }

    /// <summary>Elapsed time on an <see cref="AtlanClock"/> (the clock's own Stopwatch).</summary>
    internal sealed class ClockWatch
    {
        private readonly AtlanClock _clock;
        private TimeSpan _start;

        public ClockWatch(AtlanClock clock)
        {
            _clock = clock;
            _start = clock.Monotonic;
        }

        public TimeSpan Elapsed => _clock.Monotonic - _start;

        /// <summary>Starts counting again from now.</summary>
        public void Restart() => _start = _clock.Monotonic;
    }
}
