using System;
using System.Runtime.CompilerServices;

namespace AtlanTokens.Tests
{
    internal static class TestEnvironment
    {
        /// <summary>
        /// The module paces every tenant at 600 requests a minute by default; tests run unpaced unless they test the
        /// request budget itself (with their own rate and a FakeClock).
        /// </summary>
        [ModuleInitializer]
        internal static void Unpaced()
        {
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ATLAN_REQUESTS_PER_MINUTE")))
            {
                Environment.SetEnvironmentVariable("ATLAN_REQUESTS_PER_MINUTE", "1000000");
            }
        }
    }
}
