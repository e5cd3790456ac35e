using System;
using System.IO;

namespace AtlanTokens.Tests
{
    /// <summary>A lock directory of the test run's own, so stamps of other runs never change what a test sees.</summary>
    internal static class TestLocks
    {
        public static readonly string Directory = Path.Combine(Path.GetTempPath(), "atlantokens-test-locks-" + Guid.NewGuid().ToString("N"));

        /// <summary>A fresh directory for one test.</summary>
        public static string Fresh() => Path.Combine(Directory, Guid.NewGuid().ToString("N"));
    }
}
