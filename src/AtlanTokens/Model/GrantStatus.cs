namespace AtlanTokens.Model
{
    /// <summary>What a grant or revoke did.</summary>
    public enum GrantStatus
    {
        /// <summary>The token was added (and the stored asset confirmed it).</summary>
        Added,

        /// <summary>The token already held the right; nothing was sent.</summary>
        AlreadyPresent,

        /// <summary>The token was removed (and the stored asset confirmed it).</summary>
        Removed,

        /// <summary>The token did not hold the right; nothing was sent.</summary>
        NotPresent,
    }
}
