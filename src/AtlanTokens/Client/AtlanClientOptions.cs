using System;

namespace AtlanTokens.Client
{
    internal sealed class AtlanClientOptions
    {
        public const int DefaultMaxRetries = 5;
        public const int DefaultTimeoutSeconds = 100;

        /// <summary>
        /// 64 MB: a page of 500 tokens is about 0.5 to 2.5 MB (1 to 5 KB a record with personas and permissions) and a
        /// search page of 100 assets with long admin lists a few MB, so this is 25 times a real page, yet small enough
        /// that a hostile or broken server cannot take a runbook worker's memory.
        /// </summary>
        public const long DefaultMaxResponseBytes = 64L * 1024 * 1024;

        /// <summary>How many times a retryable failure (502/503/504, connection refused) is retried; 429s are retried for time (<see cref="RateLimitPatience"/>).</summary>
        public int MaxRetries { get; set; } = DefaultMaxRetries;

        /// <summary>Time allowed for one HTTP request, including reading its response.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(DefaultTimeoutSeconds);

        /// <summary>First backoff delay; doubles each attempt, with jitter, up to <see cref="MaxRetryDelay"/>.</summary>
        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

        public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>The most bytes read from one response, counted after decompression (gzip/deflate).</summary>
        public long MaxResponseBytes { get; set; } = DefaultMaxResponseBytes;

        /// <summary>
        /// The most one call may take over all its attempts and the waits between them. Null (the default) means three
        /// times <see cref="RequestTimeout"/>: one slow attempt and two quick retries fit, and no call takes
        /// (MaxRetries + 1) times the timeout.
        /// </summary>
        public TimeSpan? TotalTimeoutOverride { get; set; }

        public TimeSpan TotalTimeout => TotalTimeoutOverride ?? TimeSpan.FromTicks(RequestTimeout.Ticks * DefaultTotalTimeoutFactor);

        public const int DefaultTotalTimeoutFactor = 3;

        /// <summary>
        /// The overall deadline of one operation (<see cref="OperationDeadline"/>: everything a cmdlet does for one input
        /// item). An explicit total (-TotalTimeoutSec) is used as it is; by default it is <see cref="TotalTimeout"/> but at
        /// least <see cref="DefaultOperationTimeout"/>, so settle windows (a create's 30 s watch for a late copy, a grant's
        /// check waits) fit even with a short -TimeoutSec.
        /// </summary>
        public TimeSpan OperationTimeout => TotalTimeoutOverride ?? (TotalTimeout > DefaultOperationTimeout ? TotalTimeout : DefaultOperationTimeout);

        public static readonly TimeSpan DefaultOperationTimeout = TimeSpan.FromMinutes(10);

        public const int DefaultCreateSettleSeconds = 30;

        /// <summary>
        /// How long after a create attempt whose answer was lost was sent its token may still appear (a slow backend
        /// behind a gateway that gave up). New-AtlanApiToken watches for such a late copy until then, after delivering
        /// the token it did create. Connect-AtlanTenant -CreateSettleSec.
        /// </summary>
        public TimeSpan CreateSettleTime { get; set; } = TimeSpan.FromSeconds(DefaultCreateSettleSeconds);

        /// <summary>
        /// How long the name is looked up, with backoff, after an attempt that may have been applied, before the create
        /// is made again (never longer than <see cref="CreateSettleTime"/>).
        /// </summary>
        public TimeSpan CreateFirstCheckWindow { get; set; } = TimeSpan.FromSeconds(3);

        /// <summary>
        /// Bounds of the wait between an access-list save and its check read (in between: 1.5 times this writer's own
        /// read-to-save time, the window in which another writer that read before the save can still write).
        /// </summary>
        public TimeSpan GrantSettleMin { get; set; } = TimeSpan.FromMilliseconds(DefaultGrantSettleMilliseconds);

        /// <summary>Connect-AtlanTenant -GrantSettleMs: the default of <see cref="GrantSettleMin"/>.</summary>
        public const int DefaultGrantSettleMilliseconds = 100;

        public TimeSpan GrantSettleMax { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>First wait before a rotation asks again with a new key that was refused (doubles each time).</summary>
        public TimeSpan ProofRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

        /// <summary>Where every wait and elapsed time of the client and the operations comes from (tests inject a fake).</summary>
        public AtlanClock Clock { get; set; } = AtlanClock.System;

        /// <summary>
        /// The request budget's rate for this tenant and key (requests a minute), shared by every session on them in
        /// this process; null keeps the rate an earlier session set, or takes <see cref="RequestBudget.DefaultRequestsPerMinute"/>.
        /// </summary>
        public int? RequestsPerMinute { get; set; }

        /// <summary>
        /// How long one call keeps retrying 429 answers (a 429 means nothing was applied). More than a minute, so a
        /// per-minute window on the tenant resets at least once before the call gives up with AtlanRateLimited; the
        /// waits are the request budget's pauses, and 429s do not count against <see cref="MaxRetries"/>.
        /// </summary>
        public TimeSpan RateLimitPatience { get; set; } = TimeSpan.FromMinutes(2);

        /// <summary>Where the machine-wide write locks live (null: this user's local application data, AtlanTokens/locks); tests use their own.</summary>
        public string? WriteLockDirectory { get; set; }

        /// <summary>Upper bound on the time spent waiting between retries of one call (429 waits are under <see cref="RateLimitPatience"/> instead).</summary>
        public TimeSpan MaxTotalRetryWait { get; set; } = TimeSpan.FromMinutes(2);
    }
}
