using System;
using System.Collections.Generic;

namespace AtlanTokens.Emulator.Faults;

/// <summary>Tenant-wide sliding one-minute window; requests refused over budget are not counted.</summary>
internal sealed class RateLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly object gate = new();
    private readonly Queue<DateTimeOffset> accepted = new();
    private readonly TimeProvider time;
    private int requestsPerMinute;

    public RateLimiter(TimeProvider time) => this.time = time;

    public int RequestsPerMinute
    {
        get
        {
            lock (gate)
            {
                return requestsPerMinute;
            }
        }
    }

    public void Configure(int perMinute)
    {
        lock (gate)
        {
            requestsPerMinute = perMinute;
            accepted.Clear();
        }
    }

    /// <summary>Counts the request, or returns false with the whole seconds until a slot frees up.</summary>
    public bool TryAcquire(out int retryAfterSeconds)
    {
        lock (gate)
        {
            retryAfterSeconds = 0;
            if (requestsPerMinute <= 0)
            {
                return true;
            }

            DateTimeOffset now = time.GetUtcNow();
            while (accepted.Count > 0 && now - accepted.Peek() >= Window)
            {
                accepted.Dequeue();
            }

            if (accepted.Count < requestsPerMinute)
            {
                accepted.Enqueue(now);
                return true;
            }

            TimeSpan wait = Window - (now - accepted.Peek());
            retryAfterSeconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            return false;
        }
    }
}
