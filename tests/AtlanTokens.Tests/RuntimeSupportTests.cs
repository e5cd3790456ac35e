using System;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>Issue 18: the module imports in Windows PowerShell 5.1 and PowerShell 7.4+, and refuses 7.0-7.3 with a clear message.</summary>
    public class RuntimeSupportTests
    {
        [Theory]
        [InlineData("7.0.3")]
        [InlineData("7.1.7")]
        [InlineData("7.2.24")]
        [InlineData("7.3.12.500")]
        public void PowerShell_7_0_to_7_3_is_refused_naming_the_version_and_what_is_supported(string version)
        {
            string? refusal = RuntimeSupport.Refusal(isCore: true, new Version(version));
            Assert.NotNull(refusal);
            Assert.Contains("PowerShell " + string.Join(".", version.Split('.')[0..3]), refusal);
            Assert.Contains("Windows PowerShell 5.1 or PowerShell 7.4 or later", refusal);
            Assert.Contains("System.Text.Json", refusal);
        }

        [Theory]
        [InlineData(true, "7.4.0")]
        [InlineData(true, "7.4.6.0")]
        [InlineData(true, "7.6.9")]
        [InlineData(true, "8.0")]
        [InlineData(false, "3.0.0.0")] // Windows PowerShell 5.1's System.Management.Automation assembly version
        [InlineData(false, "5.1.22621.4391")]
        public void Windows_PowerShell_and_7_4_or_later_are_accepted(bool isCore, string version)
        {
            Assert.Null(RuntimeSupport.Refusal(isCore, new Version(version)));
        }
    }
}
