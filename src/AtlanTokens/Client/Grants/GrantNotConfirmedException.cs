namespace AtlanTokens.Client
{
    /// <summary>The tenant accepted a grant's save, but its answer does not show the token in the list.</summary>
    public sealed class GrantNotConfirmedException : AtlanException
    {
        internal GrantNotConfirmedException(string message, string objectGuid)
            : base(message, "POST", EntitiesEndpoint.BulkPath, null, null)
        {
            ObjectGuid = objectGuid;
        }

        public string ObjectGuid { get; }

        public override string ErrorId => ErrorIds.GrantNotConfirmed;

        /// <summary>The save was answered 200: it may well be stored.</summary>
        public override bool MayHaveBeenApplied => true;
    }
}
