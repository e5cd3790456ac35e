using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security;
using System.Security.Cryptography;
using System.Text;

namespace AtlanTokens.Client
{
    /// <summary>
    /// The process-wide registry of request budgets: one per tenant and key, whichever session, runspace or parallel
    /// task asks. Keyed by the tenant's scheme and authority and a SHA-256 of the key (never the key itself); a test
    /// clock gets budgets of its own, so tests never share one with each other or with real time.
    /// </summary>
    internal static class RequestBudgets
    {
        /// <summary>Environment variable with the default rate (requests a minute) for budgets no -RequestsPerMinute set.</summary>
        public const string RateVariable = "ATLAN_REQUESTS_PER_MINUTE";

        private static readonly ConcurrentDictionary<string, RequestBudget> Budgets = new ConcurrentDictionary<string, RequestBudget>(StringComparer.Ordinal);

        /// <summary>
        /// The budget of this tenant and key. <paramref name="requestsPerMinute"/>, when given, sets its rate (for every
        /// session on it); when null, a new budget takes the default and an existing one keeps its rate.
        /// </summary>
        /// <param name="identity">What the budget is shared by (the API key, or an OAuth client's id); only its hash is kept.</param>
        public static RequestBudget For(Uri baseUri, string identity, int? requestsPerMinute, AtlanClock clock)
        {
            string tenant = baseUri.GetLeftPart(UriPartial.Authority);
            string key = tenant.ToLowerInvariant() + "|" + Fingerprint(identity)
                + (ReferenceEquals(clock, AtlanClock.System) ? string.Empty : "|clock" + RuntimeHelpers.GetHashCode(clock).ToString(System.Globalization.CultureInfo.InvariantCulture));
            bool created = false;
            RequestBudget budget = Budgets.GetOrAdd(key, _ =>
            {
                created = true;
                return new RequestBudget(tenant, requestsPerMinute ?? DefaultRate(), clock);
            });
            if (!created && requestsPerMinute.HasValue && budget.ConfiguredPerMinute != requestsPerMinute.Value)
            {
                budget.Configure(requestsPerMinute.Value);
            }

            return budget;
        }

        /// <summary>The rate of a new budget that was given none: <see cref="RateVariable"/> when it holds a positive number, else the default.</summary>
        public static int DefaultRate()
            => int.TryParse(Environment.GetEnvironmentVariable(RateVariable), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int rate) && rate > 0
                ? rate
                : RequestBudget.DefaultRequestsPerMinute;

        private static string Fingerprint(string identity)
        {
            using var sha = SHA256.Create();
            byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(identity));
            var text = new StringBuilder(hash.Length * 2);
            foreach (byte b in hash)
            {
                text.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }

            return text.ToString();
        }
    }
}
