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

        /// <summary>The asset's adminUsers after the grant (connection admins or collection editors); null for a viewer grant.</summary>
        public StringList? AdminUsers { get; internal set; }

        /// <summary>The collection's viewerUsers after the grant; null for an admin or editor grant.</summary>
        public StringList? ViewerUsers { get; internal set; }

        public override string ToString() => $"{Token ?? Username} {Status} as {Right} on {AssetType} '{AssetName}'";
    }
}
