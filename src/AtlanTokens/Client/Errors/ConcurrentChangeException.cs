using System.Collections.Generic;

namespace AtlanTokens.Client
{
    /// <summary>Another writer kept overwriting this change: after the bounded re-applies, parts of it are still missing.</summary>
    public sealed class ConcurrentChangeException : AtlanException
    {
        internal ConcurrentChangeException(string message, string method, string path, string objectGuid, IReadOnlyList<string> missing)
            : base(message, method, path, null, null)
        {
            ObjectGuid = objectGuid;
            Missing = missing;
        }

        public string ObjectGuid { get; }

        /// <summary>The parts of the change that did not hold (e.g. "persona default/x linked").</summary>
        public IReadOnlyList<string> Missing { get; }

        public override string ErrorId => ErrorIds.ConcurrentChange;

        public override bool MayHaveBeenApplied => true;
    }
}
