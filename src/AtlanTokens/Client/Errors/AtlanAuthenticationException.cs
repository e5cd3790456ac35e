using System;

namespace AtlanTokens.Client
{
    /// <summary>
    /// The tenant rejected a credential (401): the session's API key (AtlanAuthenticationFailed) or a user's bearer token
    /// (ImpersonationTokenRejected). Wraps the 401 it explains; never carries the credential.
    /// </summary>
    public sealed class AtlanAuthenticationException : AtlanException
    {
        internal AtlanAuthenticationException(string message, string errorId, AtlanException inner)
            : base(message, inner)
        {
            ErrorId = errorId;
        }

        public override string ErrorId { get; }

        /// <summary>A rejected credential is rejected before anything is done.</summary>
        public override bool MayHaveBeenApplied => false;
    }
}
