using AtlanTokens.Client;

namespace AtlanTokens.Operations
{
    /// <summary>
    /// How an access-list change ended: the asset as the check read found it (verified), or, when the save's own
    /// answer acknowledged the asset but the check read after it was refused, the asset as saved and why it could not
    /// be verified (applied, as far as the save's answer tells, but not verified).
    /// </summary>
    internal sealed class AccessListOutcome
    {
        private AccessListOutcome(GrantTarget asset, AtlanException? checkFailure)
        {
            Asset = asset;
            CheckFailure = checkFailure;
        }

        /// <summary>The asset as stored after the change (verified), or as saved (not verified: the list that was sent).</summary>
        public GrantTarget Asset { get; }

        /// <summary>The failure of the check read that left the acknowledged save unverified; null when verified.</summary>
        public AtlanException? CheckFailure { get; }

        public bool Verified => CheckFailure == null;

        public static AccessListOutcome Checked(GrantTarget stored) => new AccessListOutcome(stored, null);

        public static AccessListOutcome NotVerified(GrantTarget saved, AtlanException checkFailure) => new AccessListOutcome(saved, checkFailure);
    }
}
