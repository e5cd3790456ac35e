using System;

namespace AtlanTokens.Client
{
    /// <summary>The tenant accepted a grant's save, but its answer does not show the token in the list.</summary>
    public sealed class GrantNotConfirmedException : Exception
    {
        internal GrantNotConfirmedException(string message)
            : base(message)
        {
        }
    }
}
