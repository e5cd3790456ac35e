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

        public string Method { get; }

        public string RequestPath { get; }

        public string? RequestId { get; }
    }
}
