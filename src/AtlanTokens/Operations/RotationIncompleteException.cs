using System;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Session;

namespace AtlanTokens.Operations
{
    /// <summary>
    /// A rotation stopped after it created the new token: the message lists the steps done and not done; nothing old
    /// was removed unless the message says so. <see cref="NewToken"/> carries the new secret when this run created it.
    /// </summary>
    public sealed class RotationIncompleteException : AtlanException
    {
        internal const string IncompleteId = ErrorIds.RotationIncomplete;
        internal const string ProofFailedId = ErrorIds.NewTokenProofFailed;

        internal RotationIncompleteException(string errorId, string message, ApiToken? newToken, Exception cause)
            : base(message, cause)
        {
            ErrorId = errorId;
            NewToken = newToken;
        }

        /// <summary>RotationIncomplete, or NewTokenProofFailed when the new secret did not work and the new token was removed again.</summary>
        public override string ErrorId { get; }

        /// <summary>The new token (with its secret when this run created it); null when it was removed again.</summary>
        public ApiToken? NewToken { get; }

        /// <summary>A new token was created (and may hold grants): the tenant changed.</summary>
        public override bool MayHaveBeenApplied => true;
    }
}
