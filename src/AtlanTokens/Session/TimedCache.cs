using System;
using System.Threading;
using System.Threading.Tasks;

namespace AtlanTokens.Session
{
    /// <summary>
    /// One value read from the tenant and kept for a fixed lifetime (the directories behind -Persona and tab completion).
    /// Thread-safe; callers that arrive while a load is running share that load instead of sending their own; a forced
    /// refresh or <see cref="Invalidate"/> supersedes it, so a load started before a change never overwrites newer data.
    /// </summary>
    internal sealed class TimedCache<T>
        where T : class
    {
        private readonly TimeSpan _lifetime;
        private readonly Func<DateTime> _utcNow;
        private readonly object _gate = new object();
        private T? _value;
        private DateTime _loadedAtUtc;
        private TaskCompletionSource<T>? _inFlight;
        private long _generation;

        public TimedCache(TimeSpan lifetime, Func<DateTime>? utcNow = null)
        {
            _lifetime = lifetime;
            _utcNow = utcNow ?? (() => DateTime.UtcNow);
        }

        /// <summary>The value if it is still fresh, else null (for tab completion, which must not wait).</summary>
        public T? CachedOrNull
        {
            get
            {
                lock (_gate)
                {
                    return FreshValue();
                }
            }
        }

        /// <summary>
        /// The fresh value, else the result of the load in flight, else of a new <paramref name="load"/> (run with this
        /// caller's cancellation). <paramref name="forceRefresh"/> always starts a new load. A caller stops waiting when its
        /// own token is cancelled; when another caller's load was cancelled instead, this caller loads again.
        /// </summary>
        public async Task<T> GetAsync(Func<CancellationToken, Task<T>> load, bool forceRefresh, CancellationToken cancellationToken)
        {
            while (true)
            {
                TaskCompletionSource<T> shared;
                long generation = 0;
                bool mine = false;
                lock (_gate)
                {
                    if (!forceRefresh && FreshValue() is T fresh)
                    {
                        return fresh;
                    }

                    if (forceRefresh || _inFlight == null)
                    {
                        generation = ++_generation;
                        _inFlight = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
                        mine = true;
                    }

                    shared = _inFlight;
                }

                if (mine)
                {
                    return await LoadAsync(load, shared, generation, cancellationToken).ConfigureAwait(false);
                }

                try
                {
                    return await WaitAsync(shared.Task, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // The caller that started the shared load cancelled it; this caller still wants the value.
                }
            }
        }

        /// <summary>Forgets the value and any load in flight (after a change that value no longer shows).</summary>
        public void Invalidate()
        {
            lock (_gate)
            {
                _generation++;
                _value = null;
                _inFlight = null;
            }
        }

        private T? FreshValue() => _value != null && _utcNow() - _loadedAtUtc < _lifetime ? _value : null;

        private async Task<T> LoadAsync(Func<CancellationToken, Task<T>> load, TaskCompletionSource<T> shared, long generation, CancellationToken cancellationToken)
        {
            T value;
            try
            {
                value = await load(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception failure)
            {
                Finish(generation, null);
                if (failure is OperationCanceledException)
                {
                    shared.TrySetCanceled();
                }
                else
                {
                    shared.TrySetException(failure);
                    _ = shared.Task.Exception; // observed here: nobody else may be waiting
                }

                throw;
            }

            Finish(generation, value);
            shared.TrySetResult(value);
            return value;
        }

        private void Finish(long generation, T? value)
        {
            lock (_gate)
            {
                if (generation != _generation)
                {
                    return; // superseded by a forced refresh or an invalidation
                }

                _inFlight = null;
                if (value != null)
                {
                    _value = value;
                    _loadedAtUtc = _utcNow();
                }
            }
        }

        private static async Task<T> WaitAsync(Task<T> task, CancellationToken cancellationToken)
        {
            if (!cancellationToken.CanBeCanceled || task.IsCompleted)
            {
                return await task.ConfigureAwait(false);
            }

            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
            {
                if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }

            return await task.ConfigureAwait(false);
        }
    }
}
