using System;

namespace AtlanTokens.Client
{
    /// <summary>The asset of a grant was deleted (or became invisible) between reading it and saving it.</summary>
    public sealed class AssetGoneException : Exception
    {
        internal AssetGoneException(string message, Exception? inner)
            : base(message, inner)
        {
        }
    }
}
