using System;
using AtlanTokens.Client;

namespace AtlanTokens.Operations
{
    /// <summary>
    /// Atlas refused the impersonation token's user (403) the read or save of a grant: that user does not hold the right
    /// needed on the asset. Nothing was changed.
    /// </summary>
    public sealed class GrantDeniedException : AtlanException
    {
        internal GrantDeniedException(string message, string assetGuidOrName, AtlanApiException inner)
            : base(message, inner)
        {
            Asset = assetGuidOrName;
        }

        /// <summary>The asset's GUID (or, before it was found, its name).</summary>
        public string Asset { get; }

        public override string ErrorId => ErrorIds.GrantPermissionDenied;

        public override bool MayHaveBeenApplied => false;
    }
}
