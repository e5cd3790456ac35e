namespace AtlanTokens.Client
{
    /// <summary>
    /// A create whose outcome is known only in part: the token was made but its secret was lost
    /// (<see cref="SecretLostId"/>), or it may have been made and that could not be checked (<see cref="OutcomeUnknownId"/>).
    /// </summary>
    public sealed class ApiTokenCreateException : AtlanException
    {
        internal const string SecretLostId = ErrorIds.ApiTokenSecretLost;
        internal const string OutcomeUnknownId = ErrorIds.ApiTokenCreateOutcomeUnknown;

        internal ApiTokenCreateException(string errorId, string message, string displayName, string? tokenGuid, AtlanException cause)
            : base(message, cause.Method, cause.RequestPath, cause.RequestId, cause)
        {
            ErrorId = errorId;
            DisplayName = displayName;
            TokenGuid = tokenGuid;
        }

        public override string ErrorId { get; }

        /// <summary>The display name the create was for.</summary>
        public string DisplayName { get; }

        /// <summary>The token that was made without a delivered secret (ApiTokenSecretLost), if known.</summary>
        public string? TokenGuid { get; }

        public override bool MayHaveBeenApplied => true;
    }
}
