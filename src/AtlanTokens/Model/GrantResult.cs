namespace AtlanTokens.Model
{
    /// <summary>The outcome of granting one token one right on one asset.</summary>
    public sealed class GrantResult
    {
        internal GrantResult(string assetType, string assetName, string qualifiedName, string assetGuid, string username, GrantRight right, GrantStatus status)
        {
            AssetType = assetType;
            AssetName = assetName;
            QualifiedName = qualifiedName;
            AssetGuid = assetGuid;
            Username = username;
            Right = right;
            Status = status;
        }

        /// <summary>Connection or Collection.</summary>
        public string AssetType { get; }

        public string AssetName { get; }

        public string QualifiedName { get; }

        public string AssetGuid { get; }

        /// <summary>The token's username (service-account-&lt;clientId&gt;).</summary>
        public string Username { get; }

        /// <summary>The token's display name, when the command was given the token (or a grant naming it); null for the session's own token.</summary>
        public string? Token { get; internal set; }

        public GrantRight Right { get; }

        public GrantStatus Status { get; }

        /// <summary>
        /// False when the change was applied as far as Atlan's answer to the save tells, but the read that checks the
        /// stored asset afterwards failed (e.g. rate limited), so it is not verified: a warning says so, and
        /// <see cref="NotVerifiedReason"/> says why. True otherwise (also when nothing needed sending).
        /// </summary>
        public bool Verified { get; internal set; } = true;

        /// <summary>Why the change is not verified (the check read's error id and message); null when <see cref="Verified"/>.</summary>
        public string? NotVerifiedReason { get; internal set; }

        /// <summary>
        /// The asset's adminUsers after the grant (connection admins or collection editors); null for a viewer grant.
        /// When not <see cref="Verified"/>, the list as saved.
        /// </summary>
        public StringList? AdminUsers { get; internal set; }

        /// <summary>The collection's viewerUsers after the grant (as saved when not <see cref="Verified"/>); null for an admin or editor grant.</summary>
        public StringList? ViewerUsers { get; internal set; }

        public override string ToString() => $"{Token ?? Username} {Status}{(Verified ? string.Empty : " (not verified)")} as {Right} on {AssetType} '{AssetName}'";
    }
}
