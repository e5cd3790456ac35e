using System;

namespace AtlanTokens.Client
{
    internal enum TransportFailure
    {
        /// <summary>No connection could be made: nothing reached the server.</summary>
        Unreachable,

        /// <summary>The connection broke after the request was sent: the server may have acted.</summary>
        ConnectionLost,

        /// <summary>No complete response within the timeout: the server may have acted.</summary>
        Timeout,
    }

    /// <summary>The request could not be completed at the network level.</summary>
    public sealed class AtlanTransportException : AtlanException
    {
        internal AtlanTransportException(string message, string method, string path, string? requestId, TransportFailure failure, Exception? inner)
            : base(message, method, path, requestId, inner)
        {
            Failure = failure;
        }

        internal TransportFailure Failure { get; }

        public bool IsTimeout => Failure == TransportFailure.Timeout;

        /// <summary>False only when no connection could be made (nothing reached the server).</summary>
        public override bool MayHaveBeenApplied => Failure != TransportFailure.Unreachable;
    }
}
