namespace AtlanTokens.Client
{
    /// <summary>
    /// One operation (everything a cmdlet does for one input item) used up its overall deadline (-TotalTimeoutSec):
    /// the request named was not sent. Requests sent before it may have been applied; the operation's own report says which.
    /// </summary>
    public sealed class AtlanOperationTimeoutException : AtlanException
    {
        internal AtlanOperationTimeoutException(string message, string method, string path)
            : base(message, method, path, null, null)
        {
        }

        public override string ErrorId => ErrorIds.AtlanOperationTimeout;

        /// <summary>The request named was never sent.</summary>
        public override bool MayHaveBeenApplied => false;
    }
}
