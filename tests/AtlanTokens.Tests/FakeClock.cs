using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Client;

namespace AtlanTokens.Tests
{
    /// <summary>
    /// A clock for tests. Time moves only when told: <see cref="Advance"/>, or (with <see cref="AutoAdvance"/>, the
    /// default) by every DelayAsync, which then completes at once having moved the clock by its delay. Either way a
    /// recovery path that waits 40 s of its own time runs in milliseconds. <see cref="At"/> schedules something to
    /// happen when the clock reaches a moment (e.g. a late commit on a fake tenant).
    /// </summary>
    internal sealed class FakeClock : AtlanClock
    {
        private readonly object _gate = new();
        private readonly List<(TimeSpan Due, TaskCompletionSource<bool> Done)> _sleepers = new();
        private readonly List<(TimeSpan Due, Action Action)> _scheduled = new();
        private TimeSpan _now;

        public FakeClock(DateTimeOffset? start = null)
        {
            Start = start ?? new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        }

        public DateTimeOffset Start { get; }

        /// <summary>True (default): DelayAsync advances the clock itself. False: delays wait for <see cref="Advance"/>.</summary>
        public bool AutoAdvance { get; set; } = true;

        /// <summary>Every delay asked for, in order.</summary>
        public List<TimeSpan> Delays { get; } = new();

        public override DateTimeOffset UtcNow
        {
            get { lock (_gate) { return Start + _now; } }
        }

        public override TimeSpan Monotonic
        {
            get { lock (_gate) { return _now; } }
        }

        /// <summary>Time passed since the clock was made.</summary>
        public TimeSpan Elapsed => Monotonic;

        public override Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lock (_gate)
            {
                Delays.Add(delay);
            }

            if (delay <= TimeSpan.Zero)
            {
                return Task.CompletedTask;
            }

            if (AutoAdvance)
            {
                Advance(delay);
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                _sleepers.Add((_now + delay, done));
            }

            cancellationToken.Register(() => done.TrySetCanceled(cancellationToken));
            return done.Task;
        }

        /// <summary>Runs <paramref name="action"/> once the clock reaches <paramref name="elapsed"/> since its start.</summary>
        public void At(TimeSpan elapsed, Action action)
        {
            bool now;
            lock (_gate)
            {
                now = elapsed <= _now;
                if (!now)
                {
                    _scheduled.Add((elapsed, action));
                }
            }

            if (now)
            {
                action();
            }
        }

        /// <summary>Moves the clock on, running what was scheduled and waking sleepers whose time has come, in order.</summary>
        public void Advance(TimeSpan by)
        {
            var due = new List<Action>();
            var wake = new List<TaskCompletionSource<bool>>();
            lock (_gate)
            {
                _now += by;
                _scheduled.Sort((a, b) => a.Due.CompareTo(b.Due));
                foreach (var s in _scheduled.FindAll(s => s.Due <= _now))
                {
                    due.Add(s.Action);
                }

                _scheduled.RemoveAll(s => s.Due <= _now);
                foreach (var s in _sleepers.FindAll(s => s.Due <= _now))
                {
                    wake.Add(s.Done);
                }

                _sleepers.RemoveAll(s => s.Due <= _now);
            }

            foreach (Action action in due)
            {
                action();
            }

            foreach (var done in wake)
            {
                done.TrySetResult(true);
            }
        }
    }
}
