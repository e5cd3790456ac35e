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
    }
}
