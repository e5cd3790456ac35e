using System;
using System.Management.Automation;
using AtlanTokens.Client;
using AtlanTokens.Session;

namespace AtlanTokens.Cmdlets
{
    /// <summary>
    /// Write-Progress for bulk work fed by a pipeline: items done, items a second, and the request budget's pause when
    /// the tenant throttles. Written on the pipeline thread only, at most a few times a second; nothing for a single
    /// item or work done within a second, and nothing in a host without a UI (a runbook), where progress is never shown.
    /// </summary>
    internal sealed class BulkProgress
    {
        private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(250);

        /// <summary>Progress starts once the items have taken this long since the first one finished.</summary>
        private static readonly TimeSpan ShowAfter = TimeSpan.FromSeconds(1);

        private readonly Cmdlet _cmdlet;
        private readonly ProgressRecord _record;
        private readonly bool _enabled;
        private ClockWatch? _started;
        private TimeSpan? _lastShown;
        private int _done;
        private bool _shown;

        public BulkProgress(PSCmdlet cmdlet, int activityId, string activity, bool enabled)
        {
            _cmdlet = cmdlet;
            _record = new ProgressRecord(activityId, activity, "Starting");
            _enabled = enabled && cmdlet.Host?.Name != "Default Host" && cmdlet.Host?.UI != null;
        }

        /// <summary>One more item finished (successfully or not) through <paramref name="session"/>.</summary>
        public void ItemDone(AtlanSession session)
        {
            _done++;
            if (!_enabled)
            {
                return;
            }

            AtlanClock clock = session.Client.Options.Clock;
            _started ??= clock.StartWatch();
            TimeSpan now = _started.Elapsed;
            if (now < ShowAfter || (_lastShown.HasValue && now - _lastShown.Value < Every))
            {
                return; // quick work shows nothing; long work a few updates a second
            }

            _lastShown = now;
            string status = $"{_done} done, {((_done - 1) / now.TotalSeconds):0.0} a second";
            TimeSpan paused = session.Client.Budget.PausedFor;
            if (paused > TimeSpan.Zero)
            {
                status += $"; paused {paused.TotalSeconds:0} s by the tenant's rate limit (now {session.Client.Budget.CurrentPerMinute} requests a minute)";
            }

            _record.StatusDescription = status;
            _record.RecordType = ProgressRecordType.Processing;
            _cmdlet.WriteProgress(_record);
            _shown = true;
        }

        public void Complete()
        {
            if (_shown)
            {
                _record.RecordType = ProgressRecordType.Completed;
                _cmdlet.WriteProgress(_record);
                _shown = false;
            }
        }
    }
}
