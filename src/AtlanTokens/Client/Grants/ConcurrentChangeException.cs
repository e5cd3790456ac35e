using System;
using System.Collections.Generic;

namespace AtlanTokens.Client
{
    /// <summary>Another writer kept overwriting the access list: after every attempt the change was not in the stored asset.</summary>
    public sealed class ConcurrentChangeException : Exception
    {
        internal ConcurrentChangeException(string message, IReadOnlyList<string> missing)
            : base(message)
        {
            Missing = missing;
        }

        /// <summary>The usernames whose addition or removal did not hold.</summary>
        public IReadOnlyList<string> Missing { get; }
    }
}
