using System;
using AtlanTokens.Client;

namespace AtlanTokens.Operations
{
    /// <summary>
    /// The asset a grant names is not there for the impersonation token's user: no such name or GUID, deleted, or
    /// invisible to that user (Atlas answers 403 to a read of an asset the user may not see). Nothing was changed.
    /// </summary>
    public sealed class GrantAssetNotFoundException : AtlanException
    {
        internal GrantAssetNotFoundException(string message, string errorId, object sought, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Sought = sought;
        }

        /// <summary>ConnectionNotFound or CollectionNotFound.</summary>
        public override string ErrorId { get; }

        /// <summary>The name or GUID that was looked for.</summary>
        public object Sought { get; }

        public override bool MayHaveBeenApplied => false;
    }
}
