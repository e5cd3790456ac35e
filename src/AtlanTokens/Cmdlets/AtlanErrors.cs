using System;
using System.Management.Automation;
using AtlanTokens.Client;
using AtlanTokens.Session;

namespace AtlanTokens.Cmdlets
{
    /// <summary>Turns client failures into ErrorRecords with stable ids and specific categories.</summary>
    internal static class AtlanErrors
    {
        public static ErrorRecord Record(Exception exception, string id, ErrorCategory category, object? target, string? recommendedAction = null)
        {
            var record = new ErrorRecord(exception, id, category, target);
            if (recommendedAction != null)
            {
                record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = recommendedAction };
            }

            return record;
        }

        /// <summary>Failures after which no further call in this session can succeed.</summary>
        public static bool IsSessionBroken(Exception exception)
            => (exception is AtlanApiException api && api.StatusCode == 401)
               || exception is AtlanSessionClosedException
               || (exception is AtlanTransportException transport && transport.Failure == TransportFailure.Unreachable);

        /// <summary>True for the failures this module reports as ErrorRecords (everything its client and session throw).</summary>
        public static bool IsModuleFailure(Exception exception)
            => exception is AtlanException || exception is PersonaResolutionException;

        public static ErrorRecord ToRecord(Exception exception, object? target, string? notFoundId)
        {
            switch (exception)
            {
                case AtlanApiException api:
                    return ForStatus(api, target, notFoundId);
                case AtlanTransportException transport when transport.Failure == TransportFailure.Timeout:
                    return Record(transport, "AtlanRequestTimeout", ErrorCategory.OperationTimeout, target,
                        "Try again, or allow more time with Connect-AtlanTenant -TimeoutSec (and -TotalTimeoutSec).");
                case AtlanOperationTimeoutException operation:
                    return Record(operation, operation.ErrorId, ErrorCategory.OperationTimeout, target,
                        "Check the state of what this command changes before repeating it, or allow more time with Connect-AtlanTenant -TotalTimeoutSec.");
                case AtlanTransportException transport when transport.Failure == TransportFailure.Unreachable:
                    return Record(transport, "AtlanTenantUnreachable", ErrorCategory.ConnectionError, target,
                        "Check the base URL, the network and any proxy, then try again.");
                case AtlanTransportException transport:
                    return Record(transport, "AtlanConnectionLost", ErrorCategory.ConnectionError, target,
                        "The request may or may not have been applied: check the tenant's state before repeating it.");
                case AtlanSessionClosedException closed:
                    return Record(closed, closed.ErrorId, ErrorCategory.InvalidOperation, target,
                        closed.MayHaveBeenApplied ? "Connect again and check the tenant's state before repeating the change." : "Connect again (Connect-AtlanTenant) and repeat the command.");
                case AssetGoneException gone:
                    return Record(gone, gone.ErrorId, ErrorCategory.ObjectNotFound, target);
                case GrantNotConfirmedException unconfirmed:
                    return Record(unconfirmed, unconfirmed.ErrorId, ErrorCategory.InvalidResult, unconfirmed.ObjectGuid);
                case GrantUserNotFoundException unknownUser:
                    return Record(unknownUser, unknownUser.ErrorId, ErrorCategory.ObjectNotFound, unknownUser.Username,
                        "The API token was deleted after it was read: look it up again (Get-AtlanApiToken) and grant the token that exists now.");
                case CollectionCreatorKeptException creatorKept:
                    return Record(creatorKept, creatorKept.ErrorId, ErrorCategory.InvalidOperation, creatorKept.ObjectGuid,
                        "A collection's creator stays an editor while the collection exists. To end that token's access, remove the token itself (Remove-AtlanApiToken).");
                case LastAdminException lastAdmin:
                    return Record(lastAdmin, lastAdmin.ErrorId, ErrorCategory.InvalidOperation, lastAdmin.ObjectGuid,
                        "Add another admin to the asset first (a user, group or role), then remove this one.");
                case ConcurrentChangeException concurrent:
                    return Record(concurrent, concurrent.ErrorId, ErrorCategory.ResourceBusy, concurrent.ObjectGuid,
                        "Another writer keeps changing this token: check its state with Get-AtlanApiToken -Guid, then repeat the change.");
                case AtlanRecordException record:
                    return Record(record, record.ErrorId, ErrorCategory.InvalidData, record.RecordGuid ?? target);
                case ApiTokenCreateException lost when lost.ErrorId == ApiTokenCreateException.SecretLostId:
                    return Record(lost, lost.ErrorId, ErrorCategory.ConnectionError, lost.TokenGuid ?? target,
                        $"Remove it and create it again: Remove-AtlanApiToken -Guid {CommandLine.Guid(lost.TokenGuid)} -Force; New-AtlanApiToken -DisplayName {CommandLine.Literal(lost.DisplayName)} ...");
                case ApiTokenCreateException unknown:
                    return Record(unknown, unknown.ErrorId, ErrorCategory.ConnectionError, target,
                        $"Before creating it again, run Get-AtlanApiToken -Name {CommandLine.ExactName(unknown.DisplayName)} and remove any token you did not expect.");
                case AtlanResponseException noSecret when noSecret.ErrorId == AtlanResponseException.SecretNotReturnedId:
                    return Record(noSecret, noSecret.ErrorId, ErrorCategory.InvalidResult, noSecret.ObjectGuid ?? target,
                        $"Nobody has this token's secret: remove it (Remove-AtlanApiToken -Guid {CommandLine.Guid(noSecret.ObjectGuid)} -Force) and create it again.");
                case AtlanResponseException search when search.ErrorId == AtlanResponseException.SearchLimitId:
                    return Record(search, search.ErrorId, ErrorCategory.LimitsExceeded, target,
                        "The tenant's search kept answering new hits; nothing was changed. Try again later, or narrow the request (e.g. -Guid instead of a name).");
                case AtlanResponseException response when response.ErrorId == AtlanResponseException.TooLargeId:
                    return Record(response, response.ErrorId, ErrorCategory.LimitsExceeded, target,
                        "If the tenant really sends answers this large, raise the cap with Connect-AtlanTenant -MaxResponseBytes.");
                case AtlanResponseException response:
                    return Record(response, response.ErrorId, ErrorCategory.InvalidResult, target);
                case PersonaResolutionException persona:
                    return persona.Missing.Count > 0
                        ? Record(persona, "PersonaNotFound", ErrorCategory.ObjectNotFound, target, "List the personas with Get-AtlanPersona.")
                        : Record(persona, "PersonaAmbiguous", ErrorCategory.InvalidArgument, target, "Give the persona's qualified name (Get-AtlanPersona shows it).");
                default:
                    return Record(exception, "AtlanUnexpectedError", ErrorCategory.NotSpecified, target);
            }
        }

        private static ErrorRecord ForStatus(AtlanApiException api, object? target, string? notFoundId)
        {
            switch (api.StatusCode)
            {
                case 400:
                    return Record(api, "AtlanInvalidRequest", ErrorCategory.InvalidArgument, target);
                case 401:
                    return Record(
                        new AtlanAuthenticationException($"The tenant rejected the API key (401): it is wrong, has expired or was deleted. {api.Message}", api),
                        "AtlanAuthenticationFailed",
                        ErrorCategory.AuthenticationError,
                        target,
                        "Connect again with Connect-AtlanTenant and a valid API key (the key is never shown in errors).");
                case 403:
                    return Record(api, "AtlanPermissionDenied", ErrorCategory.PermissionDenied, target,
                        "API tokens have only the rights granted to them: check the key's personas and role.");
                case 404:
                    return Record(api, notFoundId ?? "AtlanNotFound", ErrorCategory.ObjectNotFound, target);
                case 409:
                    return Record(api, "AtlanConflict", ErrorCategory.ResourceExists, target);
                case 429:
                    return Record(api, "AtlanRateLimited", ErrorCategory.LimitsExceeded, target,
                        "The tenant kept refusing this key for more than two minutes (429, rate limited); nothing was applied. Try again later, and run fewer jobs on this key at once or lower Connect-AtlanTenant -RequestsPerMinute.");
                default:
                    return api.StatusCode >= 500
                        ? Record(api, "AtlanServerError", ErrorCategory.ResourceUnavailable, target)
                        : Record(api, "AtlanRequestFailed", ErrorCategory.InvalidResult, target);
            }
        }
    }
}
