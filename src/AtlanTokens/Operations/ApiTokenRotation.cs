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
    /// Nothing old is removed before the new token holds every grant (checked in the stored assets). After the proof
    /// the new token gets a rotation mark (<see cref="RotationMark"/>); a failure after that is one
    /// <see cref="RotationIncompleteException"/> saying what was done, and running the rotation again finds the new token
    /// (the "successor") by its own mark, never by name or creator alone, and finishes the remaining steps.
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
        /// Step 0: the old token as stored now (null when it no longer exists), its grants read from the stored assets,
        /// and the new token of an earlier, unfinished run: <paramref name="resumed"/> (passed back by the caller), or
        /// a token that carries its own rotation mark naming the old token, whatever its name now (a rename of either
        /// token between runs does not hide it). Collections are searched only with <paramref name="bearer"/>.
        /// </summary>
        public async Task<RotationPlan?> PlanAsync(string oldGuid, string? newName, long? validitySeconds, SecureString? bearer, IAtlanLog log, CancellationToken cancellationToken, ApiToken? resumed = null)
        {
            ApiToken? old = await _session.ApiTokens.FindByGuidAsync(oldGuid, log, cancellationToken).ConfigureAwait(false);
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

            // From the store, not the lagging index: a grant made a moment before the rotation must move too.
            List<(GrantTarget Asset, GrantRight Right)> grants = old.Username == null
                ? new List<(GrantTarget, GrantRight)>()
                : await _session.Operations.GrantAudit.FindStoredAsync(old.Username, bearer, log, cancellationToken).ConfigureAwait(false);
            List<ApiToken> sameName = await _session.ApiTokens.FindAsync(ApiTokenFilter.ByDisplayName(name), log, cancellationToken).ConfigureAwait(false);
            ApiToken? successor = resumed ?? await FindSuccessorAsync(old, sameName, log, cancellationToken).ConfigureAwait(false);
            if (successor != null)
            {
                successor.Session = _session;
            }

            ApiToken? predecessor = null;
            string? markedFor = RotationMark.OldGuidOf(old);
            if (markedFor != null)
            {
                predecessor = await _session.ApiTokens.FindByGuidAsync(markedFor, log, cancellationToken).ConfigureAwait(false);
            }

            return new RotationPlan(old, name, validity, grants, bearer != null, sameName.Select(t => t.Guid).ToList(), successor) { Predecessor = predecessor };
        }

        /// <summary>
        /// The token an earlier run made for this rotation: one whose own mark names the old token. Looked for among the
        /// new name's tokens first, then among all tokens (the old token, or the new one, may have been renamed).
        /// </summary>
        private async Task<ApiToken?> FindSuccessorAsync(ApiToken old, List<ApiToken> sameName, IAtlanLog log, CancellationToken cancellationToken)
        {
            List<ApiToken> marked = sameName.Where(t => RotationMark.IsSuccessorOf(t, old.Guid)).ToList();
            if (marked.Count == 0)
            {
                var pager = new ApiTokenPager(_session.ApiTokens, null, ApiTokensEndpoint.DefaultPageSize);
                List<ApiToken>? page;
                while ((page = await pager.NextPageAsync(log, cancellationToken).ConfigureAwait(false)) != null)
                {
                    marked.AddRange(page.Where(t => RotationMark.IsSuccessorOf(t, old.Guid)));
                }

                foreach (AtlanRecordException bad in pager.TakeUnreadable())
                {
                    log.Verbose(bad.Message);
                }
            }

            marked = marked.OrderByDescending(t => t.CreatedAt).ToList();
            if (marked.Count > 1)
            {
                log.Warning($"{marked.Count} tokens carry the rotation mark of '{old.DisplayName}' ({old.Guid}): {string.Join(", ", marked.Select(t => t.Guid))}; the newest, {marked[0].Guid}, is used, the others are left alone.");
            }

            return marked.FirstOrDefault();
        }

        /// <summary>
        /// Steps 1 to 5. Returns the new token (with its secret when this run created it, or when it was passed back).
        /// A failure of step 1 that left nothing behind is the create's own exception; every other failure is a
        /// <see cref="RotationIncompleteException"/> with one safe next step. A new token whose secret this run holds
        /// and could not hand over (a lost create answer, a failed mark, a stop) is removed at once: it is brand new and
        /// nobody else has its key.
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
                if (created.AccessToken == null)
                {
                    log.Warning($"API token '{created.DisplayName}' ({created.Guid}) is the new token of an earlier, unfinished run of this rotation: it carries that run's rotation mark, which this module writes only after proving the new secret, and that run returned the secret in its output or in its error's TargetObject. This run cannot return it. Continuing with the remaining steps.");
                }

                done.Add($"{StepCreate}: done by an earlier run ('{created.DisplayName}', {created.Guid})");
                done.Add($"{StepProve}: done by an earlier run");
            }
            else
            {
                created = await CreateAsync(plan, log, cancellationToken).ConfigureAwait(false);
                done.Add($"{StepCreate}: '{created.DisplayName}' ({created.Guid})");
                await ProveAndMarkAsync(plan, created, log, cancellationToken).ConfigureAwait(false);
                done.Add($"{StepProve}: done");
            }

            string newUser = created.Username ?? string.Empty;
            string oldUser = old.Username ?? string.Empty;
            var pending = plan.Grants.ToList();
            var granted = new List<(GrantTarget Asset, GrantRight Right)>();
            var revoked = new List<(GrantTarget Asset, GrantRight Right)>();
            string step = StepGrant;
            (GrantTarget Asset, GrantRight Right)? current = null;
            try
            {
                foreach ((GrantTarget asset, GrantRight right) in plan.Grants)
                {
                    current = (asset, right);
                    log.Verbose($"Step {StepGrant}: {Describe(asset, right)}.");
                    GrantTarget stored = await _session.Operations.AccessLists.ApplyAsync(right, asset.Guid, new[] { newUser }, Array.Empty<string>(), bearer!, log, cancellationToken).ConfigureAwait(false);
                    granted.Add((asset, right));
                    if (!stored.UsersFor(right).Contains(newUser, StringComparer.Ordinal))
                    {
                        throw new GrantNotConfirmedException($"The stored {AccessListChange.ListAttributeOf(right)} of {stored.TypeName} '{stored.Name}' does not list the new token's user {newUser} after the save.", asset.Guid);
                    }

                    pending.Remove((asset, right));
                    done.Add($"{StepGrant}: {Describe(asset, right)}");
                }

                current = null;
                if (plan.Grants.Count == 0)
                {
                    done.Add($"{StepGrant}: none to copy{(plan.CollectionsSearched ? string.Empty : " (collections not searched)")}");
                }

                if (keepOld)
                {
                    log.Verbose($"-KeepOld: the old token and its grants stay (steps 4 and 5 skipped); the new token keeps its rotation mark until a run without -KeepOld finishes.");
                    return created;
                }

                step = StepRevoke;
                pending = plan.Grants.ToList();
                foreach ((GrantTarget asset, GrantRight right) in plan.Grants)
                {
                    current = (asset, right);
                    log.Verbose($"Step {StepRevoke}: {Describe(asset, right)}.");
                    try
                    {
                        await _session.Operations.AccessLists.ApplyAsync(right, asset.Guid, Array.Empty<string>(), new[] { oldUser }, bearer!, log, cancellationToken).ConfigureAwait(false);
                        revoked.Add((asset, right));
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

                current = null;
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
            catch (OperationCanceledException) when (createdNow && cancellationToken.IsCancellationRequested)
            {
                // Stopped (Ctrl+C, a stopped job): this run can no longer hand the new secret over, so put back what it
                // changed, including the save in flight when the stop came (it may have been applied).
                if (current.HasValue)
                {
                    (step == StepGrant ? granted : revoked).Add(current.Value);
                }

                await UndoAsync(plan, created, granted, revoked, step, bearer, log).ConfigureAwait(false);
                throw;
            }
            catch (Exception e) when (IsStepFailure(e))
            {
                throw Incomplete(plan, created, step, current, pending, done, keepOld, e);
            }

            if (_session.AuthenticatesWith(old))
            {
                if (created.AccessToken != null)
                {
                    _session.SwitchKey(created.AccessToken, newUser);
                    log.Warning($"This session authenticated with the old token, which is deleted now; it uses the new token '{created.DisplayName}' ({created.Guid}) from here on.");
                }
                else
                {
                    log.Warning($"This session authenticated with the old token, which is deleted now, and this run does not have the new token's secret: connect again (Connect-AtlanTenant) with the key the earlier run returned. The new token's description keeps its rotation mark (it names the deleted token and does no harm).");
                    return created;
                }
            }

            // After the key switch: the old key, deleted now, can no longer change the new token.
            await UnmarkAsync(plan, created, log, cancellationToken).ConfigureAwait(false);
            return created;
        }

        /// <summary>Step 1. A create whose answer was lost left a token nobody has the key of: it is removed at once.</summary>
        private async Task<ApiToken> CreateAsync(RotationPlan plan, IAtlanLog log, CancellationToken cancellationToken)
        {
            log.Verbose($"Step {StepCreate}: '{plan.NewName}' with {plan.PersonaQualifiedNames.Count + plan.PersonaVerbatim.Count} persona(s), valid {plan.ValiditySeconds} s.");
            var request = new ApiTokenCreateRequest(plan.NewName, plan.Description, plan.PersonaQualifiedNames, plan.ValiditySeconds)
            {
                ExistingGuids = plan.SameNameGuids,
                KeepVerbatim = plan.PersonaVerbatim,
            };
            ApiToken created;
            try
            {
                created = await _session.Operations.TokenCreation.CreateAsync(request, log, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiTokenCreateException e) when (e.ErrorId == ApiTokenCreateException.SecretLostId && e.TokenGuid != null)
            {
                throw await RemoveUnusableAsync(plan, e.TokenGuid, plan.NewName, RotationIncompleteException.SecretLostId, "was created, but the create's answer was lost, so nobody has its secret (Atlan never shows it again)", e, log).ConfigureAwait(false);
            }

            created.Session = _session;
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            catch (OperationCanceledException)
            {
                await DeleteQuietlyAsync(created, log).ConfigureAwait(false);
                throw;
            }

            return created;
        }

        /// <summary>
        /// Step 2: proves the new secret, then writes the rotation mark, the evidence a later run adopts the token by.
        /// A failure of either removes the new token (nothing old has been touched yet).
        /// </summary>
        private async Task ProveAndMarkAsync(RotationPlan plan, ApiToken created, IAtlanLog log, CancellationToken cancellationToken)
        {
            log.Verbose($"Step {StepProve}.");
            try
            {
                CurrentUser who = await ProveAsync(created, log, cancellationToken).ConfigureAwait(false);
                if (!string.Equals(who.Username, created.Username, StringComparison.OrdinalIgnoreCase))
                {
                    throw new RotationProofException($"users/current with the new secret answered as '{who.Username}', not as the new token's user '{created.Username}'.");
                }

                if (_session.AuthenticatesWith(plan.Old))
                {
                    await ProveCanManageTokensAsync(created, log, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await DeleteQuietlyAsync(created, log).ConfigureAwait(false);
                throw;
            }
            catch (Exception e) when (IsStepFailure(e) || e is RotationProofException)
            {
                throw await ProofFailedAsync(plan, created, e, log).ConfigureAwait(false);
            }

            string marked = RotationMark.Append(plan.Description, plan.Old.Guid, created);
            log.Verbose($"Marking the new token as this rotation's: {RotationMark.For(plan.Old.Guid, created)} at the end of its description (removed when the rotation finishes).");
            try
            {
                ApiToken stored = (await _session.Operations.TokenUpdate.UpdateAsync(created.Guid, new ApiTokenChange { Description = marked }, log, cancellationToken).ConfigureAwait(false)).Token;
                created.Description = stored.Description;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await DeleteQuietlyAsync(created, log).ConfigureAwait(false);
                throw;
            }
            catch (Exception e) when (IsStepFailure(e))
            {
                throw await RemoveUnusableAsync(plan, created.Guid, created.DisplayName, RotationIncompleteException.MarkFailedId,
                    "was created and its secret proven, but writing the rotation mark into its description failed, and without the mark a later run could not tell it from any other token", e, log).ConfigureAwait(false);
            }
        }

        /// <summary>The rotation finished: the new token's description loses the mark (the old token's description, as it was).</summary>
        private async Task UnmarkAsync(RotationPlan plan, ApiToken created, IAtlanLog log, CancellationToken cancellationToken)
        {
            if (!RotationMark.IsMarked(created.Description))
            {
                return;
            }

            try
            {
                ApiToken stored = (await _session.Operations.TokenUpdate.UpdateAsync(created.Guid, new ApiTokenChange { Description = plan.Description }, log, cancellationToken).ConfigureAwait(false)).Token;
                created.Description = stored.Description;
            }
            catch (Exception e) when (IsStepFailure(e) || e is OperationCanceledException)
            {
                log.Warning($"The rotation finished, but removing its mark from the new token's description failed ({e.Message}); the mark names the deleted old token and does no harm; to tidy it, give the new token '{created.DisplayName}' ({created.Guid}) the description you want with Set-AtlanApiToken -Description.");
            }
        }

        /// <summary>
        /// After a stop: puts back what this run changed, while it still can (the new secret never left this run):
        /// the old token's removed grants, the new token's grants, then the new token itself. Not bound to the stopped
        /// cancellation token; each call has the client's own timeout.
        /// </summary>
        private async Task UndoAsync(RotationPlan plan, ApiToken created, List<(GrantTarget Asset, GrantRight Right)> granted, List<(GrantTarget Asset, GrantRight Right)> revoked, string step, SecureString? bearer, IAtlanLog log)
        {
            if (step == StepDelete && await _session.ApiTokens.FindByGuidAsync(plan.Old.Guid, log, CancellationToken.None).ConfigureAwait(false) == null)
            {
                log.Warning($"The rotation was stopped after it deleted the old token '{plan.Old.DisplayName}' ({plan.Old.Guid}) and before it could return the new token '{created.DisplayName}' ({created.Guid}) and its secret; that secret is lost. Rotate '{created.DisplayName}' to get a key.");
                return;
            }

            bool undone = true;
            foreach ((GrantTarget asset, GrantRight right) in revoked)
            {
                undone &= await UndoGrantAsync(right, asset, new[] { plan.Old.Username ?? string.Empty }, Array.Empty<string>(), bearer, log).ConfigureAwait(false);
            }

            if (!undone)
            {
                log.Warning($"The rotation was stopped while it removed the old token's grants, and putting them back failed; the new token '{created.DisplayName}' ({created.Guid}) is kept with its rotation mark, so the next run finishes the rotation, but its secret is lost: rotate it once more afterwards.");
                return;
            }

            foreach ((GrantTarget asset, GrantRight right) in granted)
            {
                await UndoGrantAsync(right, asset, Array.Empty<string>(), new[] { created.Username ?? string.Empty }, bearer, log).ConfigureAwait(false);
            }

            await DeleteQuietlyAsync(created, log).ConfigureAwait(false);
        }

        private async Task<bool> UndoGrantAsync(GrantRight right, GrantTarget asset, IReadOnlyList<string> adding, IReadOnlyList<string> removing, SecureString? bearer, IAtlanLog log)
        {
            try
            {
                await _session.Operations.AccessLists.ApplyAsync(right, asset.Guid, adding, removing, bearer!, log, CancellationToken.None).ConfigureAwait(false);
                return true;
            }
            catch (Exception e) when (IsStepFailure(e))
            {
                log.Warning($"Putting back {Describe(asset, right)} after the stop failed: {e.Message}");
                return false;
            }
        }

        /// <summary>Removes a new token whose secret cannot be handed over (after a stop); says so when that fails.</summary>
        private async Task DeleteQuietlyAsync(ApiToken created, IAtlanLog log)
        {
            try
            {
                await _session.ApiTokens.DeleteAsync(created.Guid, log, CancellationToken.None).ConfigureAwait(false);
                log.Warning($"The rotation was stopped; its new token '{created.DisplayName}' ({created.Guid}), whose secret it could no longer return, was removed again. Nothing of the old token is changed.");
            }
            catch (Exception e) when (IsStepFailure(e))
            {
                log.Warning($"The rotation was stopped; removing its new token '{created.DisplayName}' ({created.Guid}), whose secret nobody has, failed ({e.Message}): remove it. Nothing of the old token is changed.");
            }
        }

        /// <summary>The module's failures a step can end with: its one exception family (client errors, grant refusals, unusable answers).</summary>
        internal static bool IsStepFailure(Exception e) => e is AtlanException;

        internal static string Describe(GrantTarget asset, GrantRight right) => right switch
        {
            GrantRight.ConnectionAdmin => $"connection admin of connection '{asset.Name}' ({asset.Guid})",
            GrantRight.CollectionEditor => $"collection editor of query collection '{asset.Name}' ({asset.Guid})",
            _ => $"collection viewer of query collection '{asset.Name}' ({asset.Guid})",
        };

        private async Task<RotationIncompleteException> ProofFailedAsync(RotationPlan plan, ApiToken created, Exception cause, IAtlanLog log)
        {
            bool retryable = !(cause is RotationProofException { Retryable: false });
            string what = $"The new token '{created.DisplayName}' ({created.Guid}) was created, but its secret did not work: {cause.Message}";
            if (await TryDeleteAsync(created.Guid, log).ConfigureAwait(false) is Exception failed)
            {
                return new RotationIncompleteException(
                    RotationIncompleteException.ProofFailedId,
                    $"{what} Removing it failed too ({failed.Message}). Nothing of the old token '{plan.Old.DisplayName}' ({plan.Old.Guid}) was touched. Remove the unproven token (it is this error's TargetObject).",
                    created,
                    cause,
                    plan.Old.Guid,
                    RotationNextStep.RemoveNewToken);
            }

            return new RotationIncompleteException(
                RotationIncompleteException.ProofFailedId,
                $"{what} It was removed again. Nothing of the old token '{plan.Old.DisplayName}' ({plan.Old.Guid}) was touched.",
                null,
                cause,
                plan.Old.Guid,
                retryable ? RotationNextStep.RunAgain : RotationNextStep.UseAnotherKey);
        }

        /// <summary>A new token this run cannot hand over (secret lost, or unmarked): removed at once; the error says what happened.</summary>
        private async Task<RotationIncompleteException> RemoveUnusableAsync(RotationPlan plan, string guid, string? name, string errorId, string what, Exception cause, IAtlanLog log)
        {
            string subject = $"The new token '{name}' ({guid}) {what}.";
            if (await TryDeleteAsync(guid, log).ConfigureAwait(false) is Exception failed)
            {
                return new RotationIncompleteException(
                    errorId,
                    $"{subject} Removing it failed ({failed.Message}). Nothing of the old token '{plan.Old.DisplayName}' ({plan.Old.Guid}) was touched. Remove the new token {guid}: nobody can use it.",
                    new ApiToken { Guid = guid, DisplayName = name, Session = _session },
                    cause,
                    plan.Old.Guid,
                    RotationNextStep.RemoveNewToken);
            }

            return new RotationIncompleteException(
                errorId,
                $"{subject} It was removed again. Nothing of the old token '{plan.Old.DisplayName}' ({plan.Old.Guid}) was touched.",
                null,
                cause,
                plan.Old.Guid,
                RotationNextStep.RunAgain);
        }

        /// <summary>Deletes a token; the failure, when it could not (null: deleted, or already gone).</summary>
        private async Task<Exception?> TryDeleteAsync(string guid, IAtlanLog log)
        {
            try
            {
                await _session.ApiTokens.DeleteAsync(guid, log, CancellationToken.None).ConfigureAwait(false);
                return null;
            }
            catch (AtlanApiException e) when (e.StatusCode == 404)
            {
                return null;
            }
            catch (Exception e) when (IsStepFailure(e))
            {
                return e;
            }
        }

        private static RotationIncompleteException Incomplete(RotationPlan plan, ApiToken created, string step, (GrantTarget Asset, GrantRight Right)? current, List<(GrantTarget Asset, GrantRight Right)> pending, List<string> done, bool keepOld, Exception cause)
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
            string at = current.HasValue ? $" ({Describe(current.Value.Asset, current.Value.Right)})" : string.Empty;
            string message = $"The rotation of API token '{plan.Old.DisplayName}' ({plan.Old.Guid}) stopped at step {step}{at}: {cause.Message} "
                + $"Done: {string.Join("; ", done)}. Not done: {string.Join("; ", notDone)}. "
                + (oldTouched ? "The old token still exists; only the grants listed as done were removed from it. " : "Nothing of the old token was removed. ")
                + (created.AccessToken != null ? "The new token's secret is in this error's TargetObject (AccessToken, a SecureString): store it now, a later run cannot return it. " : string.Empty)
                + $"Run the same command again to finish: it finds the new token by its rotation mark {RotationMark.For(plan.Old.Guid, created)} and creates no other.";
            return new RotationIncompleteException(RotationIncompleteException.IncompleteId, message, created, cause, plan.Old.Guid, RotationNextStep.Finish);
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
