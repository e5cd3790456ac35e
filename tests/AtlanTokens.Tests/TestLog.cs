using System.Collections.Generic;
using AtlanTokens.Client;

namespace AtlanTokens.Tests
{
    /// <summary>Keeps what an engine logs, by kind.</summary>
    internal sealed class TestLog : IAtlanLog
    {
        public List<string> Verbose { get; } = new();

        public List<string> Warnings { get; } = new();

        void IAtlanLog.Verbose(string message)
        {
            lock (Verbose)
            {
                Verbose.Add(message);
            }
        }

        void IAtlanLog.Debug(string message)
        {
        }

        void IAtlanLog.Warning(string message)
        {
            lock (Warnings)
            {
                Warnings.Add(message);
            }
        }
    }
}
