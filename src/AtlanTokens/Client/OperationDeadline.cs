using System;
using System.Threading;

namespace AtlanTokens.Client
{
    /// <summary>
    /// The overall deadline of one operation: everything a cmdlet does for one input item (all its requests, retries,
    /// backoff and settle waits). It flows with the async work (an AsyncLocal), so every request of the operation, in
    /// whatever layer, draws from it. The time starts at the operation's first request and is measured on the client's
    /// clock; the limit is AtlanClientOptions.OperationTimeout (Connect-AtlanTenant -TotalTimeoutSec).
    /// </summary>
    internal sealed class OperationDeadline
    {
        private static readonly AsyncLocal<OperationDeadline?> Ambient = new AsyncLocal<OperationDeadline?>();

        private readonly object _gate = new object();
        private AtlanClock? _clock;
        private TimeSpan _start;

        /// <summary>The operation the current async flow belongs to; null outside any (e.g. direct client use in tests).</summary>
        public static OperationDeadline? Current => Ambient.Value;

        /// <summary>Makes a new operation current until the returned scope is disposed (on the same thread).</summary>
        public static Scope Begin()
        {
            OperationDeadline? outer = Ambient.Value;
            Ambient.Value = new OperationDeadline();
            return new Scope(outer);
        }

        /// <summary>
        /// Starts the current operation's time again (after a confirmation prompt: time a person takes to answer is not
        /// the operation's); the scope that opened it still restores what was current before.
        /// </summary>
        public static void Restart()
        {
            if (Ambient.Value != null)
            {
                Ambient.Value = new OperationDeadline();
            }
        }

        /// <summary>Time used so far by this operation on <paramref name="clock"/>; the first call starts it.</summary>
        public TimeSpan Elapsed(AtlanClock clock)
        {
            lock (_gate)
            {
                if (_clock == null)
                {
                    _clock = clock;
                    _start = clock.Monotonic;
                }

                return _clock.Monotonic - _start;
            }
        }

        /// <summary>Restores the operation that was current before <see cref="Begin"/>.</summary>
        internal readonly struct Scope : IDisposable
        {
            private readonly OperationDeadline? _outer;

            public Scope(OperationDeadline? outer)
            {
                _outer = outer;
            }

            public void Dispose() => Ambient.Value = _outer;
        }
    }
}
