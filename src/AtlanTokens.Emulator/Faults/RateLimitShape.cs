namespace AtlanTokens.Emulator.Faults;

/// <summary>How the emulator's tenant-wide rate limit counts and answers.</summary>
internal enum RateLimitShape
{
    /// <summary>A token bucket refilled evenly over the window; over budget → Atlan-shaped JSON 429 with Retry-After.</summary>
    Bucket,

    /// <summary>Atlan's per-minute fixed window: N requests per window; over budget → JSON 429, no Retry-After.</summary>
    Window,

    /// <summary>The nginx gateway in front of the tenant: a fixed window; over budget → nginx's HTML 429 page, no Retry-After.</summary>
    Gateway,
}
