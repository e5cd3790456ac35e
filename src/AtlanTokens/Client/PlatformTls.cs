using System.Net;
using System.Runtime.InteropServices;

namespace AtlanTokens.Client
{
    internal static class PlatformTls
    {
        /// <summary>
        /// Windows PowerShell 5.1 (.NET Framework) may default to TLS 1.0/1.1, which Atlan refuses. Adds TLS 1.2
        /// without removing what the process already allows. .NET Core follows the OS and needs nothing.
        /// </summary>
        public static void EnsureTls12()
        {
            if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", System.StringComparison.Ordinal)
                && ServicePointManager.SecurityProtocol != 0 /* SystemDefault already includes TLS 1.2 */)
            {
                ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
            }
        }
    }
}
