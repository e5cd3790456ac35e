using System;
using System.IO;

namespace AtlanTokens.Operations
{
    /// <summary>A held machine-wide write lock (see <see cref="MachineWriteLocks"/>), with when this machine last wrote the object.</summary>
    internal sealed class MachineWriteLock : IDisposable
    {
        /// <summary>No machine-wide lock could be taken: only the in-process lock protects the write.</summary>
        public static MachineWriteLock None => new MachineWriteLock(null);

        private FileStream? _file;

        public MachineWriteLock(FileStream? file)
        {
            _file = file;
            if (file != null && file.Length >= 8)
            {
                var bytes = new byte[8];
                file.Position = 0;
                if (file.Read(bytes, 0, 8) == 8)
                {
                    long ticks = BitConverter.ToInt64(bytes, 0);
                    if (ticks > 0 && ticks <= DateTimeOffset.MaxValue.UtcTicks)
                    {
                        LastLocalWrite = new DateTimeOffset(ticks, TimeSpan.Zero);
                    }
                }
            }
        }

        /// <summary>True when the lock is held across processes (false: the lock directory was unusable).</summary>
        public bool IsHeld => _file != null;

        /// <summary>When a writer on this machine last finished writing the object (wall clock); null when never.</summary>
        public DateTimeOffset? LastLocalWrite { get; private set; }

        /// <summary>
        /// True when a read that started at <paramref name="readStartedAt"/> already shows every write made from this
        /// machine: the lock is held and no local write finished after the read was sent.
        /// </summary>
        public bool NoLocalWriteSince(DateTimeOffset readStartedAt)
            => IsHeld && (LastLocalWrite == null || LastLocalWrite.Value < readStartedAt);

        /// <summary>
        /// Records that a write is being sent: until <see cref="MarkWritten"/> replaces it, every later writer reads the
        /// object again (also when this process dies with the write in flight).
        /// </summary>
        public void BeginWrite() => Stamp(DateTimeOffset.MaxValue);

        /// <summary>Records that the object was written (its answer arrived) at <paramref name="at"/>.</summary>
        public void MarkWritten(DateTimeOffset at) => Stamp(at);

        private void Stamp(DateTimeOffset at)
        {
            LastLocalWrite = at;
            if (_file == null)
            {
                return;
            }

            try
            {
                _file.Position = 0;
                _file.Write(BitConverter.GetBytes(at.UtcTicks), 0, 8);
                _file.Flush();
            }
            catch (IOException)
            {
                // Only a read is at stake: an in-flight stamp that stays makes the next writer read again.
            }
        }

        public void Dispose()
        {
            _file?.Dispose();
            _file = null;
        }
    }
}
