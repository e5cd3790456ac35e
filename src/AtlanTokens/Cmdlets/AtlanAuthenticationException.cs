using System;

namespace AtlanTokens.Cmdlets
{
    /// <summary>The tenant rejected the key (401). Never carries the key.</summary>
    public sealed class AtlanAuthenticationException : Exception
    {
        public AtlanAuthenticationException(string message, Exception? inner)
            : base(message, inner)
        {
        }
    }
}
