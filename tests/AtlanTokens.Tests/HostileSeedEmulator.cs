using System;
using System.IO;

namespace AtlanTokens.Tests
{
    /// <summary>One emulator seeded with hostile names for all completion tests.</summary>
    public sealed class HostileSeedEmulator : IDisposable
    {
        private readonly string _seedPath;

        public HostileSeedEmulator()
        {
            _seedPath = Path.Combine(Path.GetTempPath(), "atlan-hostile-seed-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(_seedPath, CompletionTests.HostileSeed());
            Emulator = EmulatorProcess.WithSeed(_seedPath);
        }

        internal EmulatorProcess Emulator { get; }

        public void Dispose()
        {
            Emulator.Dispose();
            File.Delete(_seedPath);
        }
    }
}
