namespace AtlanTokens.Client
{
    /// <summary>
    /// One record of an answer could not be read (e.g. invalid UTF-8, a value of the wrong kind): the rest of the
    /// answer was read, so a listing reports this one record and goes on.
    /// </summary>
    public sealed class AtlanRecordException : AtlanException
    {
        internal AtlanRecordException(string message, string method, string path, string? recordGuid, System.Exception? inner)
            : base(message, method, path, null, inner)
        {
            RecordGuid = recordGuid;
        }

        /// <summary>The GUID of the unreadable record, when at least that could be read.</summary>
        public string? RecordGuid { get; }

        public override string ErrorId => ErrorIds.ApiTokenRecordUnreadable;

        public override bool MayHaveBeenApplied => false;
    }
}
