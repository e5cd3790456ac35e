using System;

namespace AtlanTokens.Client
{
    internal sealed class AtlanClientOptions
    {
        public const int DefaultMaxRetries = 5;
        public const int DefaultTimeoutSeconds = 100;

        /// <summary>How many times a retryable failure (429, 502/503/504, connection refused) is retried.</summary>
        public int MaxRetries { get; set; } = DefaultMaxRetries;

        /// <summary>Time allowed for one HTTP request, including reading its response.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(DefaultTimeoutSeconds);

        /// <summary>First backoff delay; doubles each attempt, with jitter, up to <see cref="MaxRetryDelay"/>.</summary>
        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

        public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Upper bound on the time spent waiting between retries of one call.</summary>
        public TimeSpan MaxTotalRetryWait { get; set; } = TimeSpan.FromMinutes(2);
    }
}
