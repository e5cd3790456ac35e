using System;

namespace AtlanTokens.Client
{
    /// <summary>The asset of a grant was deleted (or became invisible) between reading it and saving it.</summary>
    public sealed class AssetGoneException : AtlanException
    {
        internal AssetGoneException(string message, string method, string path, Exception? inner)
            : base(message, method, path, (inner as AtlanException)?.RequestId, inner)
        {
        }

        public override string ErrorId => ErrorIds.AssetNotFound;

        /// <summary>Nothing was saved: the asset was gone before the save, or the save was refused for it.</summary>
        public override bool MayHaveBeenApplied => false;
    }
}
