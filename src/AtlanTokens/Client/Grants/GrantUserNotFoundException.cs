using System;

namespace AtlanTokens.Client
{
    /// <summary>
    /// Atlas refused a save because a username it was to add is unknown to Keycloak: for an API token's service account
    /// that means the token no longer exists (deleted after it was read). Atlas answers 500 ATLAS-500-00-001
    /// "Keycloak user not found with userName &lt;x&gt;" and stores nothing, so the save is not repeated.
    /// </summary>
    public sealed class GrantUserNotFoundException : AtlanException
    {
        internal const string KeycloakMessagePrefix = "Keycloak user not found with userName ";

        internal GrantUserNotFoundException(string message, string username, string objectGuid, AtlanApiException inner)
            : base(message, inner.Method, inner.RequestPath, inner.RequestId, inner)
        {
            Username = username;
            ObjectGuid = objectGuid;
        }

        /// <summary>The username Atlas named (service-account-&lt;clientId&gt; for an API token).</summary>
        public string Username { get; }

        public string ObjectGuid { get; }

        public override string ErrorId => ErrorIds.GrantTokenNotFound;

        /// <summary>Atlas checks every user before it stores anything.</summary>
        public override bool MayHaveBeenApplied => false;

        /// <summary>The username of Atlas's "Keycloak user not found" refusal (a 500 that stored nothing), else null.</summary>
        internal static string? UnknownUsernameOf(AtlanApiException e)
        {
            string? message = e.AtlanMessage;
            if (e.StatusCode != 500 || message == null || !message.StartsWith(KeycloakMessagePrefix, StringComparison.Ordinal))
            {
                return null;
            }

            string username = message.Substring(KeycloakMessagePrefix.Length).Trim();
            return username.Length == 0 ? null : username;
        }
    }
}
