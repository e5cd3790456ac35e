namespace AtlanTokens.Client
{
    /// <summary>
    /// Every error id the module writes, in one place. Scripts catch on these (<c>$_.FullyQualifiedErrorId</c>), so an id
    /// never changes once shipped; the README's "Errors you can catch" table lists each one, and
    /// <c>ErrorIdTableTests</c> checks the two against each other.
    /// </summary>
    internal static class ErrorIds
    {
        // Session and connection
        public const string NoAtlanSession = "NoAtlanSession";
        public const string AtlanSessionClosed = "AtlanSessionClosed";
        public const string SessionMismatch = "SessionMismatch";
        public const string AtlanAuthenticationFailed = "AtlanAuthenticationFailed";
        public const string ApiKeyExpired = "ApiKeyExpired";
        public const string ApiKeyMissing = "ApiKeyMissing";
        public const string ApiKeyMalformed = "ApiKeyMalformed";
        public const string InvalidBaseUrl = "InvalidBaseUrl";
        public const string InsecureBaseUrl = "InsecureBaseUrl";
        public const string OAuthClientIncomplete = "OAuthClientIncomplete";
        public const string OAuthClientIdMissing = "OAuthClientIdMissing";
        public const string OAuthClientSecretMissing = "OAuthClientSecretMissing";
        public const string OAuthSessionHasNoApiToken = "OAuthSessionHasNoApiToken";

        // Transport and HTTP status
        public const string AtlanTenantUnreachable = "AtlanTenantUnreachable";
        public const string AtlanConnectionLost = "AtlanConnectionLost";
        public const string AtlanRequestTimeout = "AtlanRequestTimeout";
        public const string AtlanOperationTimeout = "AtlanOperationTimeout";
        public const string AtlanInvalidRequest = "AtlanInvalidRequest";
        public const string AtlanPermissionDenied = "AtlanPermissionDenied";
        public const string AtlanNotFound = "AtlanNotFound";
        public const string AtlanConflict = "AtlanConflict";
        public const string AtlanRateLimited = "AtlanRateLimited";
        public const string AtlanServerError = "AtlanServerError";
        public const string AtlanRequestFailed = "AtlanRequestFailed";
        public const string AtlanInvalidResponse = "AtlanInvalidResponse";
        public const string ResponseTooLarge = "ResponseTooLarge";
        public const string SearchLimitExceeded = "SearchLimitExceeded";
        public const string AtlanUnexpectedError = "AtlanUnexpectedError";

        // Input checked before anything is sent
        public const string InvalidGuid = "InvalidGuid";
        public const string InvalidWildcardPattern = "InvalidWildcardPattern";
        public const string DisplayNameEmpty = "DisplayNameEmpty";
        public const string ValidityOutOfRange = "ValidityOutOfRange";
        public const string ValidityConflict = "ValidityConflict";
        public const string ExpiringWithinNegative = "ExpiringWithinNegative";
        public const string ExpiringWithinTooSmall = "ExpiringWithinTooSmall";
        public const string NameWithOtherIdentity = "NameWithOtherIdentity";
        public const string PersonaParametersConflict = "PersonaParametersConflict";
        public const string PersonaNull = "PersonaNull";
        public const string NothingToUpdate = "NothingToUpdate";
        public const string ConfirmationRequired = "ConfirmationRequired";

        // API tokens
        public const string ApiTokenNotFoundByName = "ApiTokenNotFoundByName";
        public const string ApiTokenNotFoundByClientId = "ApiTokenNotFoundByClientId";
        public const string ApiTokenNotFoundByGuid = "ApiTokenNotFoundByGuid";
        public const string ApiTokenNameAmbiguous = "ApiTokenNameAmbiguous";
        public const string ApiTokenRecordUnreadable = "ApiTokenRecordUnreadable";
        public const string ApiTokenSecretLost = "ApiTokenSecretLost";
        public const string ApiTokenCreateOutcomeUnknown = "ApiTokenCreateOutcomeUnknown";
        public const string SecretNotReturned = "SecretNotReturned";
        public const string SessionTokenProtected = "SessionTokenProtected";
        public const string SessionIsNotAnApiToken = "SessionIsNotAnApiToken";
        public const string ConcurrentChange = "ConcurrentChange";
        public const string PersonaNotFound = "PersonaNotFound";
        public const string PersonaAmbiguous = "PersonaAmbiguous";

        // Grants
        public const string ImpersonationTokenExpired = "ImpersonationTokenExpired";
        public const string ImpersonationTokenRejected = "ImpersonationTokenRejected";
        public const string GrantPermissionDenied = "GrantPermissionDenied";
        public const string ConnectionNotFound = "ConnectionNotFound";
        public const string CollectionNotFound = "CollectionNotFound";
        public const string AssetNotFound = "AssetNotFound";
        public const string ConnectionNameAmbiguous = "ConnectionNameAmbiguous";
        public const string CollectionNameAmbiguous = "CollectionNameAmbiguous";
        public const string InvalidTokenInput = "InvalidTokenInput";
        public const string GrantNotConfirmed = "GrantNotConfirmed";
        public const string LastAdminProtected = "LastAdminProtected";
        public const string GrantRightMismatch = "GrantRightMismatch";
        public const string GrantTokenNotFound = "GrantTokenNotFound";
        public const string CollectionCreatorKept = "CollectionCreatorKept";

        // Rotation
        public const string RotationIncomplete = "RotationIncomplete";
        public const string NewTokenProofFailed = "NewTokenProofFailed";
        public const string ImpersonationTokenRequired = "ImpersonationTokenRequired";
        public const string ApiTokenRotationUnfinished = "ApiTokenRotationUnfinished";
    }
}
