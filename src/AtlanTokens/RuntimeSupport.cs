using System;

namespace AtlanTokens
{
    /// <summary>Which PowerShell the module runs in: Windows PowerShell 5.1, and PowerShell 7.4 or later.</summary>
    internal static class RuntimeSupport
    {
        internal static readonly Version FirstSupportedCore = new Version(7, 4);

        /// <summary>
        /// Why the module cannot run in this PowerShell, or null when it can. PowerShell 7.0 to 7.3 run on .NET Core 3.1
        /// to .NET 7, whose System.Text.Json is older than the 8.0 the module is built against: the first call would
        /// fail with a FileLoadException, so the import stops with a clear message instead.
        /// </summary>
        public static string? Refusal(bool isCore, Version powerShellVersion)
        {
            if (!isCore || powerShellVersion >= FirstSupportedCore)
            {
                return null;
            }

            return $"AtlanTokens needs Windows PowerShell 5.1 or PowerShell 7.4 or later; this is PowerShell {powerShellVersion.ToString(Math.Min(3, FieldCount(powerShellVersion)))}, "
                + "whose .NET runtime has an older System.Text.Json than the 8.0 the module uses. Install PowerShell 7.4 or later "
                + "(in Azure Automation: a runtime environment with PowerShell 7.4), or use Windows PowerShell 5.1.";
        }

        private static int FieldCount(Version version) => version.Build < 0 ? 2 : version.Revision < 0 ? 3 : 4;
    }
}
