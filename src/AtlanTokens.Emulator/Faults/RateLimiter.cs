using System;

namespace AtlanTokens.Emulator.Faults;

/// <summary>
/// The tenant-wide rate limit, off by default: <see cref="Limit"/> requests per <see cref="Window"/> (scaled down for
/// tests and benchmarks), counted and answered in one of the real <see cref="RateLimitShape"/>s. Refused requests are
/// not counted.
/// </summary>
internal sealed class RateLimiter
{
    private readonly object gate = new();
    private readonly TimeProvider time;
    private int limit;
    private TimeSpan window = TimeSpan.FromMinutes(1);
    private RateLimitShape shape = RateLimitShape.Bucket;
    private double tokens;
    private DateTimeOffset lastRefill;
    private DateTimeOffset windowStart;
    private int inWindow;
    private long refused;

    public RateLimiter(TimeProvider time) => this.time = time;

    /// <summary>Requests allowed per window (0: no limit).</summary>
    public int Limit
    {
        get { lock (gate) { return limit; } }
    }

    public TimeSpan Window
    {
        get { lock (gate) { return window; } }
    }

    public RateLimitShape Shape
    {
        get { lock (gate) { return shape; } }
    }

    /// <summary>Requests refused with a 429 since the limit was last configured.</summary>
    public long Refused
    {
        get { lock (gate) { return refused; } }
    }

    /// <summary>The old form: N a minute, token bucket with Retry-After.</summary>
    public void Configure(int perMinute) => Configure(perMinute, TimeSpan.FromMinutes(1), RateLimitShape.Bucket);

    public void Configure(int requests, TimeSpan per, RateLimitShape answer)
    {
        if (per <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(per));
        }

        lock (gate)
        {
            limit = requests;
            window = per;
            shape = answer;
            tokens = requests;
            lastRefill = time.GetUtcNow();
            windowStart = lastRefill;
            inWindow = 0;
            refused = 0;
        }
    }

    /// <summary>Counts the request, or returns false with the whole seconds until one would be accepted.</summary>
    public bool TryAcquire(out int retryAfterSeconds)
    {
        lock (gate)
        {
            retryAfterSeconds = 0;
            if (limit <= 0)
            {
                return true;
            }

            DateTimeOffset now = time.GetUtcNow();
            TimeSpan wait;
            if (shape == RateLimitShape.Bucket)
            {
                double perTick = limit / (double)window.Ticks;
                tokens = Math.Min(limit, tokens + ((now - lastRefill).Ticks * perTick));
                lastRefill = now;
                if (tokens >= 1)
                {
                    tokens -= 1;
                    return true;
                }

                wait = TimeSpan.FromTicks((long)Math.Ceiling((1 - tokens) / perTick));
            }
            else
            {
                if (now - windowStart >= window)
                {
                    // Fixed windows on the clock's grid, as a per-minute counter keyed by the minute is.
                    long windows = (now - windowStart).Ticks / window.Ticks;
                    windowStart += TimeSpan.FromTicks(windows * window.Ticks);
                    inWindow = 0;
                }

                if (inWindow < limit)
                {
                    inWindow++;
                    return true;
                }

                wait = window - (now - windowStart);
            }

            refused++;
            retryAfterSeconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            return false;
        }
    }
}
