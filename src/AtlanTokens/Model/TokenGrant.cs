using AtlanTokens.Session;

namespace AtlanTokens.Model
{
    /// <summary>One right an API token holds on one asset (from Get-AtlanTokenGrant); pipes into the Remove-AtlanToken* cmdlets.</summary>
    public sealed class TokenGrant
    {
        internal TokenGrant(string assetType, string name, string qualifiedName, string guid, GrantRight right, string? token, string? tokenGuid, string username)
        {
            AssetType = assetType;
            Name = name;
            QualifiedName = qualifiedName;
            Guid = guid;
            Right = right;
            Token = token;
            TokenGuid = tokenGuid;
            Username = username;
        }

        /// <summary>Connection or Collection.</summary>
        public string AssetType { get; }

        /// <summary>The asset's name.</summary>
        public string Name { get; }

        public string QualifiedName { get; }

        /// <summary>The asset's GUID.</summary>
        public string Guid { get; }

        /// <summary>The connector slug of a connection (e.g. snowflake); null for a collection.</summary>
        public string? ConnectorType { get; internal set; }

        public GrantRight Right { get; }

        /// <summary>The token's display name.</summary>
        public string? Token { get; }

        /// <summary>The token's GUID.</summary>
        public string? TokenGuid { get; }

        /// <summary>The token's username (service-account-&lt;clientId&gt;), as it stands in the asset's list.</summary>
        public string Username { get; }

        internal AtlanSession? Session { get; set; }

        public override string ToString() => $"{Token ?? Username} {Right} on {AssetType} '{Name}'";
    }
}
