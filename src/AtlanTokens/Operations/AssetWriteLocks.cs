using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace AtlanTokens.Operations
{
    /// <summary>
    /// One lock per tenant and asset for the whole process: read-modify-write of an access list by any session or
    /// runspace of this process runs one at a time per asset, so writers in one process never lose each other's change.
    /// </summary>
    internal static class AssetWriteLocks
    {
        private static readonly ConcurrentDictionary<string, SemaphoreSlim> Locks = new ConcurrentDictionary<string, SemaphoreSlim>(StringComparer.Ordinal);

        public static async Task<IDisposable> AcquireAsync(string tenant, string guid, CancellationToken cancellationToken)
        {
            string key = tenant.TrimEnd('/').ToLowerInvariant() + "|" + guid.ToLowerInvariant();
            SemaphoreSlim gate = Locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new Release(gate);
        }

        private sealed class Release : IDisposable
        {
            private SemaphoreSlim? _gate;

            public Release(SemaphoreSlim gate)
            {
                _gate = gate;
            }

            public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Release();
        }
    }
}
