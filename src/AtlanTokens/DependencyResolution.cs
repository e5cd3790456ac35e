using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace AtlanTokens
{
    /// <summary>
    /// Which failed assembly loads the module answers with a file of its own folder (Windows PowerShell 5.1 only, where
    /// a module's dependencies get no binding redirects). The process is shared (an Automation sandbox also runs
    /// Az.Accounts or Microsoft.Graph), so the module answers only for itself.
    /// </summary>
    internal static class DependencyResolution
    {
        /// <summary>
        /// True when <paramref name="shipped"/> (the file of that name in the module folder) should answer a request for
        /// <paramref name="requested"/>. Names and public key tokens must match. A load requested by an assembly loaded
        /// from the module folder (the module and its dependency closure) gets the shipped file whatever the version asked
        /// for: that is the binding redirect .NET Framework lacks. A load whose requester is unknown gets it only for
        /// exactly the identity asked for; a load requested by any other assembly never gets it.
        /// </summary>
        public static bool ShouldAnswer(AssemblyName requested, string? requestingLocation, string moduleDirectory, AssemblyName? shipped)
        {
            if (shipped == null || !string.Equals(requested.Name, shipped.Name, StringComparison.OrdinalIgnoreCase)
                || !SameKey(requested.GetPublicKeyToken(), shipped.GetPublicKeyToken())
                || !string.Equals(requested.CultureName ?? string.Empty, shipped.CultureName ?? string.Empty, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (requestingLocation == null)
            {
                return requested.Version != null && requested.Version.Equals(shipped.Version);
            }

            return IsInDirectory(requestingLocation, moduleDirectory);
        }

        /// <summary>True when <paramref name="path"/> is a file directly inside <paramref name="directory"/>.</summary>
        internal static bool IsInDirectory(string path, string directory)
        {
            if (path.Length == 0 || directory.Length == 0)
            {
                return false; // an assembly loaded from bytes has no location: not one of ours
            }

            string? parent = Path.GetDirectoryName(Path.GetFullPath(path));
            return parent != null && string.Equals(
                parent.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar),
                Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar),
                StringComparison.OrdinalIgnoreCase);
        }

        private static bool SameKey(byte[]? a, byte[]? b) => (a ?? Array.Empty<byte>()).SequenceEqual(b ?? Array.Empty<byte>());
    }
}
