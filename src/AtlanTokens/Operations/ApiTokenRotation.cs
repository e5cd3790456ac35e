using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Session;

namespace AtlanTokens.Operations
{
    /// <summary>
    /// Rotates an API token: a new token with the old one's name (or another), description, personas, validity and
    /// grants; its secret proven; then the old token's grants and the old token removed (unless kept for an overlap).
    /// Nothing old is removed before the new token holds every grant. A failure after the create is one
    /// <see cref="RotationIncompleteException"/> saying what was done; running the rotation again finds the new token
    /// (the "successor") instead of creating a second one and finishes the remaining steps.
    /// Built only on the session's services: create without duplicates, the grant change and the grant audit.
    /// </summary>
    internal sealed class ApiTokenRotation
    {
        public const string StepCreate = "1. create the new token";
        /// <summary>How often users/current is asked with the new key before a 401 counts as a failed proof.</summary>
        private const int ProofAttempts = 4;

        public const string StepProve = "2. prove the new secret (users/current with it)";
        public const string StepGrant = "3. grant the new token";
        public const string StepRevoke = "4. remove the old token's grants";
        public const string StepDelete = "5. delete the old token";

        private readonly AtlanSession _session;

        public ApiTokenRotation(AtlanSession session)
        {
            _session = session;
        }

        /// <summary>
        /// Step 0: the old token as stored now (null when it no longer exists), its grants, and an earlier run's new
        /// token. Collections are searched only with <paramref name="bearer"/> (a user's token sees them).
        /// </summary>
        public async Task<RotationPlan?> PlanAsync(string oldGuid, string? newName, long? validitySeconds, SecureString? bearer, IAtlanLog log, CancellationToken cancellationToken)
        {
            ApiToken? old = (await _session.ApiTokens.FindAsync(ApiTokenFilter.ByGuid(oldGuid), log, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
            if (old == null)
            {
                return null;
            }

            old.Session = _session;
            string name = newName ?? old.DisplayName ?? string.Empty;
            long validity = validitySeconds ?? old.ValiditySeconds ?? ApiTokensEndpoint.MaxValiditySeconds;
            if (validity > ApiTokensEndpoint.MaxValiditySeconds)
            {
                log.Warning($"The validity {validity} s{(validitySeconds.HasValue ? string.Empty : " of the old token")} is above the 5-year maximum Atlan accepts for a new token"
                    + $"{(validity >= ApiToken.HistoricalNeverExpiresSeconds ? " (409968000 is the historical \"never expires\")" : string.Empty)}; the new token gets {ApiTokensEndpoint.MaxValiditySeconds} s (5 years).");
                validity = ApiTokensEndpoint.MaxValiditySeconds;
            }

            List<(GrantTarget Asset, GrantRight Right)> grants = old.Username == null
                ? new List<(GrantTarget, GrantRight)>()
                : await _session.Operations.GrantAudit.FindAsync(old.Username, bearer, log, cancellationToken).ConfigureAwait(false);
            List<ApiToken> sameName = await _session.ApiTokens.FindAsync(ApiTokenFilter.ByDisplayName(name), log, cancellationToken).ConfigureAwait(false);
            List<ApiToken> successors = sameName.Where(t => IsSuccessor(old, t, _session.UserName)).OrderByDescending(t => t.CreatedAt).ToList();
            ApiToken? successor = successors.FirstOrDefault();
            if (successors.Count > 1)
            {
                log.Warning($"{successors.Count} tokens named '{name}' look like new tokens of earlier rotations of '{old.DisplayName}' ({string.Join(", ", successors.Select(t => t.Guid))}); the newest, {successor!.Guid}, is used. Remove the others.");
            }

            if (successor != null)
            {
                successor.Session = _session;
            }

            ApiToken? predecessor = string.Equals(name, old.DisplayName, StringComparison.Ordinal)
                ? sameName.Where(t => IsSuccessor(t, old, _session.UserName)).OrderBy(t => t.CreatedAt).FirstOrDefault()
                : null;
            return new RotationPlan(old, name, validity, grants, bearer != null, sameName.Select(t => t.Guid).ToList(), successor) { Predecessor = predecessor };
        }

        /// <summary>
        /// True when <paramref name="candidate"/> is the new token an earlier rotation of <paramref name="old"/> created:
        /// another token, created by this session's user no earlier than the old one, with the same personas.
        /// (The name is the caller's filter.)
        /// </summary>
        public static bool IsSuccessor(ApiToken old, ApiToken candidate, string sessionUser)
            => !string.Equals(old.Guid, candidate.Guid, StringComparison.OrdinalIgnoreCase)
               && string.Equals(candidate.CreatedBy, sessionUser, StringComparison.Ordinal)
               && old.CreatedAt.HasValue && candidate.CreatedAt.HasValue && candidate.CreatedAt.Value >= old.CreatedAt.Value
               && SameSet(old.Personas.QualifiedNames, candidate.Personas.QualifiedNames)
               && SameSet(old.Personas.Uninterpreted, candidate.Personas.Uninterpreted);

        /// <summary>
        /// Steps 1 to 5. Returns the new token (with its secret only when this run created it). A failure of step 1 is
        /// the create's own exception (nothing was done); later failures are <see cref="RotationIncompleteException"/>.
        /// </summary>
        public async Task<ApiToken> RunAsync(RotationPlan plan, SecureString? bearer, bool keepOld, IAtlanLog log, CancellationToken cancellationToken)
        {
            ApiToken old = plan.Old;
            var done = new List<string>();
            ApiToken created;
            bool createdNow = plan.Successor == null;
            if (plan.Successor != null)
            {
                created = plan.Successor;
                log.Verbose($"Steps 1 and 2 were done by an earlier run: the new token is '{created.DisplayName}' ({created.Guid}), created {created.CreatedAt?.ToUniversalTime():u}.");
                log.Warning($"API token '{created.DisplayName}' ({created.Guid}) was created by an earlier run of this rotation, which delivered its secret; this run cannot return it. Continuing with the remaining steps.");
                done.Add($"{StepCreate}: done by an earlier run ('{created.DisplayName}', {created.Guid})");
                done.Add($"{StepProve}: done by an earlier run");
            }
            else
            {
                log.Verbose($"Step {StepCreate}: '{plan.NewName}' with {plan.PersonaQualifiedNames.Count + plan.PersonaVerbatim.Count} persona(s), valid {plan.ValiditySeconds} s.");
                var request = new ApiTokenCreateRequest(plan.NewName, old.Description ?? string.Empty, plan.PersonaQualifiedNames, plan.ValiditySeconds)
                {
                    ExistingGuids = plan.SameNameGuids,
                    KeepVerbatim = plan.PersonaVerbatim,
                };
                created = await _session.Operations.TokenCreation.CreateAsync(request, log, cancellationToken).ConfigureAwait(false);
                created.Session = _session;
                done.Add($"{StepCreate}: '{created.DisplayName}' ({created.Guid})");
                log.Verbose($"Step {StepProve}.");
                try
                {
                    CurrentUser who = await ProveAsync(created, log, cancellationToken).ConfigureAwait(false);
                    if (!string.Equals(who.Username, created.Username, StringComparison.OrdinalIgnoreCase))
                    {
                        throw new RotationProofException($"users/current with the new secret answered as '{who.Username}', not as the new token's user '{created.Username}'.");
                    }

                    if (_session.AuthenticatesWith(old))
                    {
                        await ProveCanManageTokensAsync(created, log, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (IsStepFailure(e) || e is RotationProofException)
                {
                    throw await ProofFailedAsync(plan, created, e, log, cancellationToken).ConfigureAwait(false);
                }

                done.Add($"{StepProve}: done");
            }

            string newUser = created.Username ?? string.Empty;
            string oldUser = old.Username ?? string.Empty;
            var pending = plan.Grants.ToList();
            string step = StepGrant;
            try
            {
                foreach ((GrantTarget asset, GrantRight right) in plan.Grants)
                {
                    log.Verbose($"Step {StepGrant}: {Describe(asset, right)}.");
                    await _session.Operations.AccessLists.ApplyAsync(right, asset.Guid, new[] { newUser }, Array.Empty<string>(), bearer!, log, cancellationToken).ConfigureAwait(false);
                    pending.Remove((asset, right));
                    done.Add($"{StepGrant}: {Describe(asset, right)}");
                }

                if (plan.Grants.Count == 0)
                {
                    done.Add($"{StepGrant}: none to copy{(plan.CollectionsSearched ? string.Empty : " (collections not searched)")}");
                }

                if (keepOld)
                {
                    log.Verbose("-KeepOld: the old token and its grants stay (steps 4 and 5 skipped).");
                    return Finish(created, createdNow);
                }

                step = StepRevoke;
                pending = plan.Grants.ToList();
                foreach ((GrantTarget asset, GrantRight right) in plan.Grants)
                {
                    log.Verbose($"Step {StepRevoke}: {Describe(asset, right)}.");
                    try
                    {
                        await _session.Operations.AccessLists.ApplyAsync(right, asset.Guid, Array.Empty<string>(), new[] { oldUser }, bearer!, log, cancellationToken).ConfigureAwait(false);
                        done.Add($"{StepRevoke}: {Describe(asset, right)}");
                    }
                    catch (CollectionCreatorKeptException kept)
                    {
                        // Not a failure: Atlas keeps a collection's creator as editor; the new token is an editor too (step 3).
                        log.Warning($"The old token stays listed as editor of query collection '{asset.Name}' ({asset.Guid}) because it created it: Atlas always keeps a collection's creator in adminUsers. Once the old token is deleted that entry grants nothing.");
                        done.Add($"{StepRevoke}: {Describe(asset, right)}: kept, the old token ({kept.Creator}) created the collection and Atlas keeps its creator");
                    }

                    pending.Remove((asset, right));
                }

                step = StepDelete;
                log.Verbose($"Step {StepDelete}: '{old.DisplayName}' ({old.Guid}).");
                try
                {
                    await _session.ApiTokens.DeleteAsync(old.Guid, log, cancellationToken).ConfigureAwait(false);
                }
                catch (AtlanApiException e) when (e.StatusCode == 404)
                {
                    log.Verbose($"The old token {old.Guid} was already gone{(e.EarlierAttemptMayHaveApplied ? " (an earlier attempt whose answer was lost deleted it)" : string.Empty)}.");
                }

                done.Add($"{StepDelete}: '{old.DisplayName}' ({old.Guid})");
            }
            catch (Exception e) when (IsStepFailure(e))
            {
                throw Incomplete(plan, created, createdNow, step, pending, done, keepOld, e);
            }

            if (_session.AuthenticatesWith(old))
            {
                if (createdNow && created.AccessToken != null)
                {
                    _session.SwitchKey(created.AccessToken, newUser);
                    log.Warning($"This session authenticated with the old token, which is deleted now; it uses the new token '{created.DisplayName}' ({created.Guid}) from here on.");
                }
                else
                {
                    log.Warning($"This session authenticated with the old token, which is deleted now, and this run does not have the new token's secret: connect again (Connect-AtlanTenant) with the key delivered by the earlier run.");
                }
            }

            return Finish(created, createdNow);
        }

        /// <summary>The module's failures a step can end with: its one exception family (client errors, grant refusals, unusable answers).</summary>
        internal static bool IsStepFailure(Exception e) => e is AtlanException;

        internal static string Describe(GrantTarget asset, GrantRight right) => right switch
        {
            GrantRight.ConnectionAdmin => $"connection admin of connection '{asset.Name}' ({asset.Guid})",
            GrantRight.CollectionEditor => $"collection editor of query collection '{asset.Name}' ({asset.Guid})",
            _ => $"collection viewer of query collection '{asset.Name}' ({asset.Guid})",
        };

        private static ApiToken Finish(ApiToken created, bool createdNow)
        {
            if (!createdNow)
            {
                created.AccessToken = null;
            }

            return created;
        }

        private async Task<RotationIncompleteException> ProofFailedAsync(RotationPlan plan, ApiToken created, Exception cause, IAtlanLog log, CancellationToken cancellationToken)
        {
            string what = $"The new token '{created.DisplayName}' ({created.Guid}) was created, but its secret did not work: {cause.Message}";
            try
            {
                await _session.ApiTokens.DeleteAsync(created.Guid, log, cancellationToken).ConfigureAwait(false);
                return new RotationIncompleteException(
                    RotationIncompleteException.ProofFailedId,
                    $"{what} It was removed again. Nothing of the old token '{plan.Old.DisplayName}' ({plan.Old.Guid}) was touched.{(cause is RotationProofException { Retryable: false } ? string.Empty : " Run the same command again to retry the rotation.")}",
                    null,
                    cause);
            }
            catch (Exception e) when (IsStepFailure(e))
            {
                return new RotationIncompleteException(
                    RotationIncompleteException.IncompleteId,
                    $"{what} Removing it failed too ({e.Message}). Nothing of the old token '{plan.Old.DisplayName}' ({plan.Old.Guid}) was touched. "
                    + "Remove the unproven token first (it is this error's TargetObject: pipe that to Remove-AtlanApiToken -Force), then run the same command again.",
                    created,
                    cause);
            }
        }

        private static RotationIncompleteException Incomplete(RotationPlan plan, ApiToken created, bool createdNow, string step, List<(GrantTarget Asset, GrantRight Right)> pending, List<string> done, bool keepOld, Exception cause)
        {
            var notDone = new List<string>();
            string[] steps = keepOld ? new[] { StepGrant } : new[] { StepGrant, StepRevoke, StepDelete };
            foreach (string later in steps.SkipWhile(s => s != step))
            {
                if (later == StepDelete)
                {
                    notDone.Add($"{StepDelete}: '{plan.Old.DisplayName}' ({plan.Old.Guid})");
                }
                else if (later == step)
                {
                    notDone.AddRange(pending.Select(g => $"{later}: {Describe(g.Asset, g.Right)}"));
                }
                else
                {
                    notDone.AddRange(plan.Grants.Select(g => $"{later}: {Describe(g.Asset, g.Right)}"));
                }
            }

            bool oldTouched = step != StepGrant;
            string message = $"The rotation of API token '{plan.Old.DisplayName}' ({plan.Old.Guid}) stopped at step {step}: {cause.Message} "
                + $"Done: {string.Join("; ", done)}. Not done: {string.Join("; ", notDone)}. "
                + (oldTouched ? "The old token still exists; only the grants listed as done were removed from it. " : "Nothing of the old token was removed. ")
                + (createdNow ? "The new token's secret is in this error's TargetObject (AccessToken, a SecureString): store it now, a later run cannot return it. " : string.Empty)
                + "Run the same command again to finish: it finds the new token and does not create another.";
            return new RotationIncompleteException(RotationIncompleteException.IncompleteId, message, created, cause);
        }

        /// <summary>
        /// users/current with the new key. A key created a moment ago may not be accepted everywhere yet (the identity
        /// service behind a gateway), so a 401 is asked again a few times, about 3.5 s in all, before the proof fails.
        /// </summary>
        internal async Task<CurrentUser> ProveAsync(ApiToken created, IAtlanLog log, CancellationToken cancellationToken)
        {
            TimeSpan pause = _session.Client.Options.ProofRetryDelay;
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    return await _session.Users.GetCurrentAsync(log, cancellationToken, created.AccessToken).ConfigureAwait(false);
                }
                catch (AtlanApiException e) when (e.StatusCode == 401 && attempt < ProofAttempts)
                {
                    log.Verbose($"The new key was refused (401) on attempt {attempt} of {ProofAttempts}; a new key can take a moment to be accepted, asking again in {pause.TotalMilliseconds:0} ms.");
                }

                await _session.Client.Options.Clock.DelayAsync(pause, cancellationToken).ConfigureAwait(false);
                pause = TimeSpan.FromTicks(pause.Ticks * 2);
            }
        }

        /// <summary>
        /// The session will switch to the new key: it must still manage API tokens as the old one did. A key created
        /// through the API does not inherit a role the old key held (e.g. an admin's), and deleting the old key would
        /// then lock this session out.
        /// </summary>
        private async Task ProveCanManageTokensAsync(ApiToken created, IAtlanLog log, CancellationToken cancellationToken)
        {
            try
            {
                await _session.ApiTokens.ListPageAsync(null, 0, 1, "createdAt", log, cancellationToken, created.AccessToken).ConfigureAwait(false);
            }
            catch (AtlanApiException e) when (e.StatusCode == 403)
            {
                throw new RotationProofException(
                    $"the new key cannot manage API tokens (403 to GET {ApiTokensEndpoint.ResourcePath}), which this session's key can; "
                    + "switched to it, this session would be locked out. Rotate this token from a session connected with another admin key.",
                    retryable: false);
            }
        }

        private static bool SameSet(IEnumerable<string> a, IEnumerable<string> b)
            => new HashSet<string>(a, StringComparer.Ordinal).SetEquals(b);

        /// <summary>The new secret answered as someone else.</summary>
        internal sealed class RotationProofException : AtlanException
        {
            public RotationProofException(string message, bool retryable = true)
                : base(message, null)
            {
                Retryable = retryable;
            }

            /// <summary>False when running the same command again would fail the same way.</summary>
            public bool Retryable { get; }

            public override string ErrorId => ErrorIds.NewTokenProofFailed;

            public override bool MayHaveBeenApplied => false;
        }
    }
}
