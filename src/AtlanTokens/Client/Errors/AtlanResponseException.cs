namespace AtlanTokens.Client
{
    /// <summary>Atlan answered 200 but with a body that is not what the contract promises, or one too large to read.</summary>
    public sealed class AtlanResponseException : AtlanException
    {
        internal const string InvalidResponseId = ErrorIds.AtlanInvalidResponse;
        internal const string TooLargeId = ErrorIds.ResponseTooLarge;
        internal const string SecretNotReturnedId = ErrorIds.SecretNotReturned;
        internal const string SearchLimitId = ErrorIds.SearchLimitExceeded;

        internal AtlanResponseException(string message, string method, string path, string? requestId, System.Exception? inner, string errorId = InvalidResponseId)
            : base(message, method, path, requestId, inner)
        {
            ErrorId = errorId;
        }

        /// <summary>The object the answer was about, when known (e.g. the token created without a secret).</summary>
        public string? ObjectGuid { get; internal set; }

        /// <summary>AtlanInvalidResponse, ResponseTooLarge, SecretNotReturned or SearchLimitExceeded.</summary>
        public override string ErrorId { get; }

        /// <summary>A 200 whose body cannot be read: the server did act.</summary>
        public override bool MayHaveBeenApplied => true;
    }
}
