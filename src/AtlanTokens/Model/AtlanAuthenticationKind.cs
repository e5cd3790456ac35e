namespace AtlanTokens.Model
{
    /// <summary>How a session authenticates: with an API token's key, or as an OAuth client (client credentials).</summary>
    public enum AtlanAuthenticationKind
    {
        /// <summary>A fixed bearer: an API token's access token.</summary>
        ApiKey,

        /// <summary>Short-lived bearers the session exchanges for an OAuth client's id and secret.</summary>
        OAuthClient,
    }
}
