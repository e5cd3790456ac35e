using System;
using System.Collections.Concurrent;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace AtlanTokens
{
    /// <summary>
    /// Refuses PowerShell 7.0-7.3 at import (see <see cref="RuntimeSupport"/>). On Windows PowerShell 5.1 (.NET Framework),
    /// which has no binding redirects for a module's dependencies (System.Text.Json asks for versions of System.Memory
    /// and friends that differ from the ones shipped beside it), answers the module's own failed loads from the module
    /// folder, and no one else's (see <see cref="DependencyResolution"/>). PowerShell 7 resolves them itself.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? string.Empty;

        /// <summary>The identity of each file of the module folder asked for so far (null: no such file, or not an assembly).</summary>
        private static readonly ConcurrentDictionary<string, AssemblyName?> Shipped = new ConcurrentDictionary<string, AssemblyName?>(StringComparer.OrdinalIgnoreCase);

        private static bool IsNetFramework => RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        public void OnImport()
        {
            Version powerShell = typeof(PSObject).Assembly.GetName().Version ?? new Version(0, 0);
            string? refusal = RuntimeSupport.Refusal(!IsNetFramework, powerShell);
            if (refusal != null)
            {
                throw new PlatformNotSupportedException(refusal);
            }

            if (IsNetFramework)
            {
                AppDomain.CurrentDomain.AssemblyResolve += ResolveFromModuleDirectory;
            }
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            if (IsNetFramework)
            {
                AppDomain.CurrentDomain.AssemblyResolve -= ResolveFromModuleDirectory;
            }
        }

        private static Assembly? ResolveFromModuleDirectory(object? sender, ResolveEventArgs args)
        {
            var requested = new AssemblyName(args.Name);
            if (string.IsNullOrEmpty(requested.Name))
            {
                return null;
            }

            string candidate = Path.Combine(ModuleDirectory, requested.Name + ".dll");
            AssemblyName? shipped = Shipped.GetOrAdd(candidate, IdentityOf);
            string? requesting = args.RequestingAssembly == null ? null : LocationOf(args.RequestingAssembly);
            return DependencyResolution.ShouldAnswer(requested, requesting, ModuleDirectory, shipped) ? Assembly.LoadFrom(candidate) : null;
        }

        private static AssemblyName? IdentityOf(string path)
        {
            try
            {
                return File.Exists(path) ? AssemblyName.GetAssemblyName(path) : null;
            }
            catch (Exception e) when (e is BadImageFormatException || e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }

        private static string LocationOf(Assembly assembly)
        {
            try
            {
                return assembly.IsDynamic ? string.Empty : assembly.Location;
            }
            catch (NotSupportedException)
            {
                return string.Empty;
            }
        }
    }
}
