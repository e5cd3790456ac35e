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
        internal const string SecretLostId = ErrorIds.NewTokenSecretLost;
        internal const string MarkFailedId = ErrorIds.NewTokenMarkFailed;

        internal RotationIncompleteException(string errorId, string message, ApiToken? newToken, Exception cause, string oldGuid, RotationNextStep nextStep)
            : base(message, cause)
        {
            ErrorId = errorId;
            NewToken = newToken;
            OldGuid = oldGuid;
            NextStep = nextStep;
        }

        /// <summary>
        /// RotationIncomplete; NewTokenProofFailed when the new secret did not work; NewTokenSecretLost when the create's
        /// answer (the secret) was lost; NewTokenMarkFailed when the new token could not be marked as this rotation's.
        /// </summary>
        public override string ErrorId { get; }

        /// <summary>The new token (with its secret when this run created it); null when it was removed again.</summary>
        public ApiToken? NewToken { get; }

        /// <summary>The GUID of the token being rotated (what -Resume finishes).</summary>
        public string OldGuid { get; }

        /// <summary>The one safe next step.</summary>
        internal RotationNextStep NextStep { get; }

        /// <summary>A new token was created (and may hold grants): the tenant changed.</summary>
        public override bool MayHaveBeenApplied => true;
    }
}
