using System;

namespace AtlanTokens.Client
{
    /// <summary>Base of every failure the client reports: it knows which call failed and its request id.</summary>
    public abstract class AtlanException : Exception
    {
        protected AtlanException(string message, string method, string path, string? requestId, Exception? inner)
            : base(message, inner)
        {
            Method = method;
            RequestPath = path;
            RequestId = requestId;
        }

        /// <summary>A failure decided by an operation (several calls) rather than by one call; names the call behind it, if any.</summary>
        protected AtlanException(string message, Exception? inner)
            : this(message, (inner as AtlanException)?.Method ?? string.Empty, (inner as AtlanException)?.RequestPath ?? string.Empty, (inner as AtlanException)?.RequestId, inner)
        {
            if (inner is AtlanException call)
            {
                SentWithBearerOverride = call.SentWithBearerOverride;
                Attempt = call.Attempt;
            }
        }

        public string Method { get; }

        public string RequestPath { get; }

        public string? RequestId { get; }

        /// <summary>
        /// The server may have acted on the request although it failed (connection lost after sending, timeout, 5xx,
        /// unreadable 200): a create or save must then be checked, not blindly repeated.
        /// </summary>
        public abstract bool MayHaveBeenApplied { get; }

        /// <summary>
        /// A stable PascalCase id for this kind of failure when the type alone does not say it (e.g. ResponseTooLarge);
        /// null lets the error mapping choose by type and status.
        /// </summary>
        public virtual string? ErrorId => null;

        /// <summary>
        /// The call was made with another bearer token than the session's key (a user's, for grants), so a 401 speaks
        /// of that token, not of the session.
        /// </summary>
        internal bool SentWithBearerOverride { get; set; }

        /// <summary>Which attempt of the call failed like this (1 when it was not retried).</summary>
        public int Attempt { get; internal set; } = 1;

        /// <summary>
        /// An earlier attempt of this call failed in a way that may have reached the server (connection lost,
        /// timeout, 5xx), so the server may already have applied it: a 404 on a retried DELETE then means done.
        /// </summary>
        public bool EarlierAttemptMayHaveApplied { get; internal set; }
    }
}
