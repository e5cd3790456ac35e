using System;

namespace AtlanTokens.Client
{
    /// <summary>Atlan answered 200 but with a body that is not what the contract promises.</summary>
    public sealed class AtlanResponseException : AtlanException
    {
        internal AtlanResponseException(string message, string method, string path, string? requestId, Exception? inner)
            : base(message, method, path, requestId, inner)
        {
        }

        /// <summary>A 200 whose body cannot be read: the server did act.</summary>
        public override bool MayHaveBeenApplied => true;
    }
}
