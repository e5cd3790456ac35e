namespace AtlanTokens.Model
{
    /// <summary>What a grant did.</summary>
    public enum GrantStatus
    {
        /// <summary>The token was added (and the tenant's answer confirmed it).</summary>
        Added,

        /// <summary>The token already held the right; nothing was sent.</summary>
        AlreadyPresent,
    }
}
