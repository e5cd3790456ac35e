using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Client;

namespace AtlanTokens.Operations
{
    /// <summary>
    /// Locks that every process of this user on this machine honours, one per tenant and object: an exclusive lock
    /// file (FileShare.None) in a per-user directory. Windows enforces the share mode, .NET on Linux and macOS maps it to
    /// an advisory flock that every .NET process takes, and the system releases it when a process ends, so a crashed
    /// writer leaves no stale lock. (A named Mutex would be cross-process on Windows only.) The file also holds when this
    /// machine last wrote the object, so a read made before the lock was taken can be trusted when no local write came
    /// after it.
    /// </summary>
    internal sealed class MachineWriteLocks
    {
        /// <summary>How often a waiting writer tries the lock again.</summary>
        public static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(25);

        private readonly AtlanClock _clock;

        public MachineWriteLocks(string? directory, AtlanClock clock)
        {
            Directory = directory ?? DefaultDirectory();
            _clock = clock;
        }

        public string Directory { get; }

        /// <summary>
        /// The longest wait for another process's lock; after it the write goes on under the in-process lock only (with
        /// a warning), protected by verify-and-re-apply as writes from other machines are.
        /// </summary>
        public TimeSpan MaxWait { get; set; } = TimeSpan.FromMinutes(10);

        /// <summary>This user's local application data (or the temp directory, per user), under AtlanTokens/locks.</summary>
        public static string DefaultDirectory()
        {
            string root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            if (string.IsNullOrEmpty(root))
            {
                root = Path.Combine(Path.GetTempPath(), "AtlanTokens-" + Sanitize(Environment.UserName));
            }

            return Path.Combine(root, "AtlanTokens", "locks");
        }

        /// <summary>Waits until no other writer of this user on this machine holds the object's lock, and takes it.</summary>
        public async Task<MachineWriteLock> AcquireAsync(string tenant, string kind, string id, IAtlanLog log, CancellationToken cancellationToken)
        {
            string path = Path.Combine(Directory, kind + "-" + Hash(Environment.UserName + "|" + tenant.TrimEnd('/').ToLowerInvariant() + "|" + kind + "|" + id.ToLowerInvariant()) + ".lock");
            try
            {
                System.IO.Directory.CreateDirectory(Directory);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                log.Warning($"The machine-wide write lock directory '{Directory}' cannot be created ({e.Message}); writes to this {kind} are serialised within this process only.");
                return MachineWriteLock.None;
            }

            ClockWatch waiting = _clock.StartWatch();
            bool noted = false;
            while (true)
            {
                try
                {
                    var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 64, FileOptions.None);
                    return new MachineWriteLock(file);
                }
                catch (UnauthorizedAccessException e)
                {
                    log.Warning($"The machine-wide write lock '{path}' cannot be opened ({e.Message}); writes to this {kind} are serialised within this process only.");
                    return MachineWriteLock.None;
                }
                catch (IOException) when (waiting.Elapsed < MaxWait)
                {
                    // Held by another process (or another handle of this one): try again shortly.
                }
                catch (IOException e)
                {
                    log.Warning($"Another process on this machine held the write lock of this {kind} for more than {MaxWait.TotalMinutes:0} minutes ({e.Message}); going on without it, relying on verify-and-re-apply.");
                    return MachineWriteLock.None;
                }

                if (!noted && waiting.Elapsed >= TimeSpan.FromSeconds(1))
                {
                    noted = true;
                    log.Verbose($"Waiting for another process on this machine that is writing the same {kind} ({id}).");
                }

                await _clock.DelayAsync(RetryInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        private static string Hash(string text)
        {
            using var sha = SHA256.Create();
            byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
            var result = new StringBuilder(32);
            for (int i = 0; i < 16; i++)
            {
                result.Append(hash[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }

            return result.ToString();
        }

        private static string Sanitize(string name)
        {
            var result = new StringBuilder();
            foreach (char c in name)
            {
                result.Append(char.IsLetterOrDigit(c) ? c : '_');
            }

            return result.Length > 0 ? result.ToString() : "user";
        }
    }
}
