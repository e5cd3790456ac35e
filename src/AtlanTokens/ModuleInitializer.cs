using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace AtlanTokens
{
    /// <summary>
    /// Windows PowerShell 5.1 (.NET Framework) has no binding redirects for a module's dependencies: System.Text.Json
    /// asks for versions of System.Memory and friends that differ from the ones shipped beside it. Resolve any
    /// assembly whose file sits in the module folder to that file. PowerShell 7 resolves them itself.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? string.Empty;

        private static bool IsNetFramework => RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        public void OnImport()
        {
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
            string name = new AssemblyName(args.Name).Name ?? string.Empty;
            string candidate = Path.Combine(ModuleDirectory, name + ".dll");
            return File.Exists(candidate) ? Assembly.LoadFrom(candidate) : null;
        }
    }
}
