namespace AtlanTokens.Client
{
    /// <summary>The session was closed (disconnected) while this call was in flight or before it started.</summary>
    public sealed class AtlanSessionClosedException : AtlanException
    {
        internal AtlanSessionClosedException(string message, string method, string path, string? requestId, bool mayHaveBeenApplied)
            : base(message, method, path, requestId, null)
        {
            MayHaveBeenApplied = mayHaveBeenApplied;
        }

        public override string ErrorId => ErrorIds.AtlanSessionClosed;

        public override bool MayHaveBeenApplied { get; }
    }
}
