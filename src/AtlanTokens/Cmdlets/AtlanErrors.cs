using System;
using System.Linq;
using System.Management.Automation;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Operations;
using AtlanTokens.Session;

namespace AtlanTokens.Cmdlets
{
    /// <summary>
    /// The one mapping from the module's failures (the <see cref="AtlanException"/> family) to ErrorRecords with stable
    /// ids (<see cref="ErrorIds"/>) and specific categories. What a message needs to know about the command (the noun,
    /// whose bearer token is needed, the look-up command) comes in as a <see cref="FailureContext"/>.
    /// </summary>
    internal static class AtlanErrors
    {
        private const string AnyHolder = "a user who holds the right needed on the asset";

        public static ErrorRecord Record(Exception exception, string id, ErrorCategory category, object? target, string? recommendedAction = null)
        {
            var record = new ErrorRecord(exception, id, category, target);
            if (recommendedAction != null)
            {
                record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = recommendedAction };
            }

            return record;
        }

        /// <summary>Failures after which no further call in this session (or with this bearer token) can succeed.</summary>
        public static bool IsSessionBroken(Exception exception)
            => (exception is AtlanApiException api && api.StatusCode == 401)
               || exception is AtlanSessionClosedException
               || (exception is AtlanTransportException transport && transport.Failure == TransportFailure.Unreachable);

        /// <summary>True for the failures this module reports as ErrorRecords: everything its client and operations throw.</summary>
        public static bool IsModuleFailure(Exception exception) => exception is AtlanException;

        public static ErrorRecord ToRecord(Exception exception, object? target, string? notFoundId, FailureContext? context = null)
        {
            switch (exception)
            {
                case AtlanApiException api:
                    return ForStatus(api, target, notFoundId, context);
                case AtlanTransportException transport when transport.Failure == TransportFailure.Timeout:
                    return Record(transport, ErrorIds.AtlanRequestTimeout, ErrorCategory.OperationTimeout, target,
                        "Try again, or allow more time with Connect-AtlanTenant -TimeoutSec (and -TotalTimeoutSec).");
                case AtlanOperationTimeoutException operation:
                    return Record(operation, operation.ErrorId, ErrorCategory.OperationTimeout, target,
                        "Check the state of what this command changes before repeating it, or allow more time with Connect-AtlanTenant -TotalTimeoutSec.");
                case AtlanTransportException transport when transport.Failure == TransportFailure.Unreachable:
                    return Record(transport, ErrorIds.AtlanTenantUnreachable, ErrorCategory.ConnectionError, target,
                        "Check the base URL, the network and any proxy, then try again.");
                case AtlanTransportException transport:
                    return Record(transport, ErrorIds.AtlanConnectionLost, ErrorCategory.ConnectionError, target,
                        "The request may or may not have been applied: check the tenant's state before repeating it.");
                case AtlanSessionClosedException closed:
                    return Record(closed, closed.ErrorId, ErrorCategory.InvalidOperation, target,
                        closed.MayHaveBeenApplied ? "Connect again and check the tenant's state before repeating the change." : "Connect again (Connect-AtlanTenant) and repeat the command.");
                case AtlanAuthenticationException rejected:
                    return Record(rejected, rejected.ErrorId, ErrorCategory.AuthenticationError, target);
                case GrantDeniedException denied:
                    return Record(denied, denied.ErrorId, ErrorCategory.PermissionDenied, denied.Asset,
                        ImpersonationTokens.HowToGetOne(context?.Holder ?? AnyHolder));
                case GrantAssetNotFoundException notFound:
                    return Record(notFound, notFound.ErrorId, ErrorCategory.ObjectNotFound, notFound.Sought, context?.FindHint);
                case GrantAssetAmbiguousException ambiguous:
                    return Record(ambiguous, ambiguous.ErrorId, ErrorCategory.InvalidArgument, ambiguous.Name, PickOne(ambiguous, context));
                case AssetGoneException gone:
                    return Record(gone, gone.ErrorId, ErrorCategory.ObjectNotFound, target,
                        context?.LookupCommand == null ? null : $"Look the {context.Noun} up again ({context.LookupCommand}) and use the one that exists now.");
                case GrantNotConfirmedException unconfirmed:
                    return Record(unconfirmed, unconfirmed.ErrorId, ErrorCategory.InvalidResult, unconfirmed.ObjectGuid,
                        context?.LookupCommand == null ? null : $"Check {context.ListAttribute} with {context.LookupCommand} -Guid {CommandLine.Guid(unconfirmed.ObjectGuid)} before running the command again.");
                case GrantUserNotFoundException unknownUser:
                    return Record(unknownUser, unknownUser.ErrorId, ErrorCategory.ObjectNotFound, unknownUser.Username,
                        "The API token was deleted after it was read: look it up again (Get-AtlanApiToken) and grant the token that exists now.");
                case CollectionCreatorKeptException creatorKept:
                    return Record(creatorKept, creatorKept.ErrorId, ErrorCategory.InvalidOperation, creatorKept.ObjectGuid,
                        "A collection's creator stays an editor while the collection exists. To end that token's access, remove the token itself (Remove-AtlanApiToken).");
                case LastAdminException lastAdmin:
                    return Record(lastAdmin, lastAdmin.ErrorId, ErrorCategory.InvalidOperation, lastAdmin.ObjectGuid,
                        $"Add another admin to the {context?.Noun ?? "asset"} first (a user, group or role), then remove this one.");
                case ConcurrentChangeException concurrent:
                    return Record(concurrent, concurrent.ErrorId, ErrorCategory.ResourceBusy, concurrent.ObjectGuid,
                        context?.ListAttribute != null
                            ? $"Another process or person keeps changing {context.ListAttribute} of this {context.Noun}; run the command again when they are done."
                            : "Another writer keeps changing this token: check its state with Get-AtlanApiToken -Guid, then repeat the change.");
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
                        ? Record(persona, persona.ErrorId, ErrorCategory.ObjectNotFound, target, "List the personas with Get-AtlanPersona.")
                        : Record(persona, persona.ErrorId, ErrorCategory.InvalidArgument, target, "Give the persona's qualified name (Get-AtlanPersona shows it).");
                case RotationIncompleteException incomplete:
                    // It carries the new token it left behind (with its secret when this run created it): that is its target.
                    return Record(incomplete, incomplete.ErrorId, RotationCategory(incomplete.InnerException),
                        incomplete.NewToken is ApiToken made ? SecretOutput.WithSecret(made, plain: false) : target, NextStep(incomplete));
                case RotationTargetException unsettled:
                    return Record(unsettled, unsettled.ErrorId, TargetCategory(unsettled.Problem), unsettled.Sought ?? target, TargetNextStep(unsettled, context));
                case ApiTokenRotation.RotationProofException proof:
                    return Record(proof, proof.ErrorId, ErrorCategory.AuthenticationError, target);
                case AtlanException other:
                    return Record(other, other.ErrorId ?? ErrorIds.AtlanUnexpectedError, ErrorCategory.NotSpecified, target);
                default:
                    return Record(exception, ErrorIds.AtlanUnexpectedError, ErrorCategory.NotSpecified, target);
            }
        }

        /// <summary>The one safe next step of a failed rotation, as a command line with every tenant value quoted.</summary>
        private static string NextStep(RotationIncompleteException e)
        {
            const string command = "Invoke-AtlanApiTokenRotation";
            return e.NextStep switch
            {
                RotationNextStep.Finish => $"Run the same command again to finish: it finds the new token by its rotation mark and creates no other. Or pass this error back: {command} -Resume $err -ImpersonationToken $token -Force",
                RotationNextStep.RemoveNewToken => $"Remove the new token first (nothing old was touched): Remove-AtlanApiToken -Guid {CommandLine.Guid(e.NewToken?.Guid)} -Force",
                RotationNextStep.UseAnotherKey => $"Rotate this token from a session connected with another admin key: {command} -Guid {CommandLine.Guid(e.OldGuid)} -Session $otherSession -Force",
                _ => "Run the same command again to retry the rotation: nothing was left behind.",
            };
        }

        /// <summary>What to run instead when the token a rotation was asked for could not be settled (none after an old token that is gone).</summary>
        private static string? TargetNextStep(RotationTargetException e, FailureContext? context)
        {
            string command = context?.CommandName ?? "Invoke-AtlanApiTokenRotation";
            return e.Problem switch
            {
                RotationTargetProblem.NameNotFound => $"List the tokens with Get-AtlanApiToken, or select with wildcards: Get-AtlanApiToken -Name '*part*' | {command}",
                RotationTargetProblem.NameAmbiguous => $"Pick one by GUID: {command} -Guid {CommandLine.Guid(e.CandidateGuid)} -Force (or pipe the one you mean).",
                RotationTargetProblem.ResumeNotARotation => $"Run the rotation itself again: {command} -Name <name> -Force",
                RotationTargetProblem.ResumeNoEvidence => $"Run the rotation itself again: {command} -Guid <old token GUID> -Force",
                _ => null,
            };
        }

        private static ErrorCategory TargetCategory(RotationTargetProblem problem)
            => problem == RotationTargetProblem.NameNotFound || problem == RotationTargetProblem.OldTokenGone ? ErrorCategory.ObjectNotFound : ErrorCategory.InvalidArgument;

        /// <summary>A rotation's error has the category of its cause; a new key that does not authenticate is an AuthenticationError.</summary>
        private static ErrorCategory RotationCategory(Exception? cause) => cause switch
        {
            ApiTokenRotation.RotationProofException _ => ErrorCategory.AuthenticationError,
            AtlanApiException api when api.StatusCode == 401 => ErrorCategory.AuthenticationError,
            null => ErrorCategory.NotSpecified,
            _ => ToRecord(cause, null, null).CategoryInfo.Category,
        };

        /// <summary>How to pick one of several assets with the name: every value the tenant chose is quoted.</summary>
        private static string PickOne(GrantAssetAmbiguousException ambiguous, FailureContext? context)
        {
            string lookup = context?.LookupCommand ?? "the Get cmdlet";
            if (context == null || !context.HasConnector || ambiguous.ConnectorType != null || ambiguous.CandidateConnectorTypes.Count == 0)
            {
                return $"Pass -Guid, or pipe the one you mean from {lookup}.";
            }

            string connector = CommandLine.Literal(ambiguous.CandidateConnectorTypes[0]);
            string types = string.Join(", ", ambiguous.CandidateConnectorTypes.Select(CommandLine.Literal));
            return $"Add -ConnectorType ({types}), e.g. -Name {CommandLine.Literal(ambiguous.Name)} -ConnectorType {connector}; or pass -Guid; or pipe the one you mean: "
                + $"{lookup} -Name {CommandLine.ExactName(ambiguous.Name)} -ConnectorType {connector} | {context.CommandName} -ImpersonationToken $token";
        }

        private static ErrorRecord ForStatus(AtlanApiException api, object? target, string? notFoundId, FailureContext? context)
        {
            switch (api.StatusCode)
            {
                case 400:
                    return Record(api, ErrorIds.AtlanInvalidRequest, ErrorCategory.InvalidArgument, target);
                case 401 when api.SentWithBearerOverride:
                    return Record(
                        new AtlanAuthenticationException($"The tenant rejected the impersonation token (401): it is not a valid bearer token of a user, was revoked, or has expired. Nothing was changed. {api.Message}", ErrorIds.ImpersonationTokenRejected, api),
                        ErrorIds.ImpersonationTokenRejected,
                        ErrorCategory.AuthenticationError,
                        target,
                        ImpersonationTokens.HowToGetOne(context?.Holder ?? AnyHolder));
                case 401 when context?.ConnectingTo != null && context.OAuthClientId != null:
                    return Record(
                        new AtlanAuthenticationException($"The tenant {context.ConnectingTo} rejected the OAuth client '{context.OAuthClientId}' (401): its id or secret is wrong, or the client was deleted. {api.Message}", ErrorIds.AtlanAuthenticationFailed, api),
                        ErrorIds.AtlanAuthenticationFailed,
                        ErrorCategory.AuthenticationError,
                        target,
                        "Check the client id and secret in Atlan (Admin > API access > OAuth clients); create a new secret if needed.");
                case 401 when context?.ConnectingTo != null:
                    return Record(
                        new AtlanAuthenticationException($"The tenant {context.ConnectingTo} rejected the API key (401): it is wrong, has expired or was deleted. {api.Message}", ErrorIds.AtlanAuthenticationFailed, api),
                        ErrorIds.AtlanAuthenticationFailed,
                        ErrorCategory.AuthenticationError,
                        target,
                        "Check that the key belongs to this tenant and has not expired; create a new API token if needed.");
                case 401:
                    return Record(
                        new AtlanAuthenticationException($"The tenant rejected the API key (401): it is wrong, has expired or was deleted. {api.Message}", ErrorIds.AtlanAuthenticationFailed, api),
                        ErrorIds.AtlanAuthenticationFailed,
                        ErrorCategory.AuthenticationError,
                        target,
                        "Connect again with Connect-AtlanTenant and a valid API key (the key is never shown in errors).");
                case 403:
                    return Record(api, ErrorIds.AtlanPermissionDenied, ErrorCategory.PermissionDenied, target,
                        "API tokens have only the rights granted to them: check the key's personas and role.");
                case 404:
                    return Record(api, notFoundId ?? ErrorIds.AtlanNotFound, ErrorCategory.ObjectNotFound, target);
                case 409:
                    return Record(api, ErrorIds.AtlanConflict, ErrorCategory.ResourceExists, target);
                case 429:
                    return Record(api, ErrorIds.AtlanRateLimited, ErrorCategory.LimitsExceeded, target,
                        "The tenant kept refusing this key for more than two minutes (429, rate limited); nothing was applied. Try again later, and run fewer jobs on this key at once or lower Connect-AtlanTenant -RequestsPerMinute.");
                default:
                    return api.StatusCode >= 500
                        ? Record(api, ErrorIds.AtlanServerError, ErrorCategory.ResourceUnavailable, target)
                        : Record(api, ErrorIds.AtlanRequestFailed, ErrorCategory.InvalidResult, target);
            }
        }
    }
}
