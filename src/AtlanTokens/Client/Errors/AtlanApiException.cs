using System.Collections.Generic;

namespace AtlanTokens.Client
{
    /// <summary>Atlan answered with a status other than 200.</summary>
    public sealed class AtlanApiException : AtlanException
    {
        internal AtlanApiException(
            string message,
            string method,
            string path,
            string? requestId,
            int statusCode,
            string? atlanErrorCode,
            string? atlanMessage,
            string? atlanErrorId,
            IReadOnlyList<string> causes,
            bool mayHaveBeenApplied)
            : base(message, method, path, requestId, null)
        {
            StatusCode = statusCode;
            AtlanErrorCode = atlanErrorCode;
            AtlanMessage = atlanMessage;
            AtlanErrorId = atlanErrorId;
            Causes = causes;
            MayHaveBeenApplied = mayHaveBeenApplied;
        }

        public int StatusCode { get; }

        public string? AtlanErrorCode { get; }

        public string? AtlanMessage { get; }

        public string? AtlanErrorId { get; }

        public IReadOnlyList<string> Causes { get; }

        /// <summary>True when the server may have acted on the request before failing (a 5xx, not a 4xx).</summary>
        public override bool MayHaveBeenApplied { get; }
    }
}
