namespace AtlanTokens.Client
{
    /// <summary>A removal would leave the asset with no admin user, group or role; Atlas refuses that (ATLAS-400-00-114), so it is not sent.</summary>
    public sealed class LastAdminException : AtlanException
    {
        internal LastAdminException(string message, string objectGuid)
            : base(message, "POST", EntitiesEndpoint.BulkPath, null, null)
        {
            ObjectGuid = objectGuid;
        }

        public string ObjectGuid { get; }

        public override string ErrorId => ErrorIds.LastAdminProtected;

        /// <summary>Refused before sending.</summary>
        public override bool MayHaveBeenApplied => false;
    }
}
