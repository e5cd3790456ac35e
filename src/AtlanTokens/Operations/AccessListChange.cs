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
    /// Adds usernames to, or removes them from, one access list of an asset (adminUsers or viewerUsers), always with the
    /// user's bearer (impersonation) token, reading what it overwrites from the store and never from the index:
    /// <list type="number">
    /// <item>writers in this process take the asset's lock (<see cref="AssetWriteLocks"/>), then the machine-wide one
    /// that this user's other processes on this machine take too (<see cref="MachineWriteLocks"/>);</item>
    /// <item>read the stored asset, build the complete list, send one bulk save;</item>
    /// <item>an answer listing the asset, or mapping the save's temporary GUID to it (Atlas's answer when nothing
    /// changed), means the save was taken; a save whose outcome is unknown is never re-sent blindly;</item>
    /// <item>wait a moment (the window in which another process that read before this save could still write), then
    /// read the stored asset again: when the change is gone, apply it again on the fresh list, a bounded number of
    /// times.</item>
    /// </list>
    /// When that check read is refused after a save whose own answer acknowledged the asset (rate limit after the
    /// client's patience, 5xx, timeout; not 404 = gone, not 401/403), <see cref="ApplyWithOutcomeAsync"/> reports the
    /// change as applied but not verified (issue 17); <see cref="ApplyAsync"/> throws that failure, as does a refused
    /// check read after a save whose outcome was unknown (nobody knows whether it applied).
    /// </summary>
    internal sealed class AccessListChange
    {
        internal const int MaxAttempts = 4;

        private readonly EntitiesEndpoint _entities;
        private readonly string _tenant;
        private readonly MachineWriteLocks _machine;
        private readonly AtlanClock _clock;
        private readonly TimeSpan _minSettle;
        private readonly TimeSpan _maxSettle;

        /// <param name="options">The clock and the settle bounds (<see cref="AtlanClientOptions.GrantSettleMin"/>, <see cref="AtlanClientOptions.GrantSettleMax"/>); default: the real clock and the defaults.</param>
        /// <param name="machine">The machine-wide write locks; default: this user's own directory.</param>
        public AccessListChange(EntitiesEndpoint entities, string tenant, AtlanClientOptions? options = null, MachineWriteLocks? machine = null)
        {
            _entities = entities;
            _tenant = tenant;
            options ??= new AtlanClientOptions();
            _clock = options.Clock;
            _minSettle = options.GrantSettleMin;
            _maxSettle = options.GrantSettleMax;
            _machine = machine ?? new MachineWriteLocks(options.WriteLockDirectory, options.Clock);
        }

        public static string TypeNameOf(GrantRight right) => right == GrantRight.ConnectionAdmin ? AssetLookup.ConnectionType : AssetLookup.CollectionType;

        public static string ListAttributeOf(GrantRight right) => right == GrantRight.CollectionViewer ? "viewerUsers" : "adminUsers";

        /// <summary>The active asset of the right's type, as stored now; null when there is none (or it is of another type).</summary>
        public Task<GrantTarget?> ReadAsync(GrantRight right, string guid, SecureString bearer, IAtlanLog log, CancellationToken cancellationToken)
            => ReadWithAsync(right, guid, bearer, log, cancellationToken);

        /// <summary>As <see cref="ReadAsync"/>, with the session's own key when <paramref name="bearer"/> is null.</summary>
        public async Task<GrantTarget?> ReadWithAsync(GrantRight right, string guid, SecureString? bearer, IAtlanLog log, CancellationToken cancellationToken)
        {
            GrantTarget? stored = await _entities.ReadStoredAsync(guid, log, cancellationToken, bearer).ConfigureAwait(false);
            return stored != null && string.Equals(stored.TypeName, TypeNameOf(right), StringComparison.OrdinalIgnoreCase) ? stored : null;
        }

        /// <summary>
        /// What is left of the admins after removing <paramref name="removing"/>: null when some admin user, group or
        /// role remains, else the message saying why the removal is refused.
        /// </summary>
        public static string? LastAdminProblem(GrantRight right, GrantTarget stored, IEnumerable<string> removing)
        {
            if (right == GrantRight.CollectionViewer)
            {
                return null;
            }

            List<string> left = stored.AdminUsers.Except(removing, StringComparer.Ordinal).ToList();
            if (left.Count > 0 || stored.AdminGroups.Count > 0 || stored.AdminRoles.Count > 0)
            {
                return null;
            }

            return $"Removing {string.Join(", ", removing)} would leave the {stored.TypeName} '{stored.Name}' ({stored.QualifiedName}) with no admin user, group or role, "
                + "which Atlas refuses (ATLAS-400-00-114). Nothing was sent.";
        }

        /// <summary>
        /// The collection's creator when <paramref name="removing"/> asks to remove it as editor: Atlas puts a collection's
        /// creator back into adminUsers on every save that carries adminUsers (QueryCollectionPreProcessor), so that
        /// removal can never hold. Null otherwise.
        /// </summary>
        public static string? CreatorKept(GrantRight right, GrantTarget stored, IEnumerable<string> removing)
            => right == GrantRight.CollectionEditor
               && !string.IsNullOrEmpty(stored.CreatedBy)
               && removing.Contains(stored.CreatedBy!, StringComparer.Ordinal)
                ? stored.CreatedBy
                : null;

        /// <summary>
        /// Makes every name in <paramref name="adding"/> present and every name in <paramref name="removing"/> absent in
        /// the right's list, keeping everyone else, and returns the asset as stored afterwards. A collection's creator
        /// asked to be removed as editor is left alone (Atlas always keeps it): the rest is applied, then
        /// <see cref="CollectionCreatorKeptException"/> says so. A username Atlas does not know (a deleted token's) ends
        /// with <see cref="GrantUserNotFoundException"/> after one save that stored nothing.
        /// </summary>
        public async Task<GrantTarget> ApplyAsync(GrantRight right, string guid, IReadOnlyList<string> adding, IReadOnlyList<string> removing, SecureString bearer, IAtlanLog log, CancellationToken cancellationToken)
            => (await ApplyCoreAsync(right, guid, adding, removing, bearer, acceptUnverified: false, log, cancellationToken).ConfigureAwait(false)).Asset;

        /// <summary>
        /// As <see cref="ApplyAsync"/>, except that a check read refused after a save whose own answer acknowledged the
        /// asset does not throw: the outcome then says the change was applied but not verified, and carries the asset
        /// as saved and the check read's failure. A collection's creator asked to be removed still ends with
        /// <see cref="CollectionCreatorKeptException"/> (and a refused check read there still throws).
        /// </summary>
        public Task<AccessListOutcome> ApplyWithOutcomeAsync(GrantRight right, string guid, IReadOnlyList<string> adding, IReadOnlyList<string> removing, SecureString bearer, IAtlanLog log, CancellationToken cancellationToken)
            => ApplyCoreAsync(right, guid, adding, removing, bearer, acceptUnverified: true, log, cancellationToken);

        private async Task<AccessListOutcome> ApplyCoreAsync(GrantRight right, string guid, IReadOnlyList<string> adding, IReadOnlyList<string> removing, SecureString bearer, bool acceptUnverified, IAtlanLog log, CancellationToken cancellationToken)
        {
            using (await AssetWriteLocks.AcquireAsync(_tenant, guid, cancellationToken).ConfigureAwait(false))
            using (await _machine.AcquireAsync(_tenant, "asset", guid, log, cancellationToken).ConfigureAwait(false))
            {
                ClockWatch readToSave = _clock.StartWatch(); // from sending the read to the save's answer: how long a writer's list can be stale
                GrantTarget? stored = await ReadAsync(right, guid, bearer, log, cancellationToken).ConfigureAwait(false)
                    ?? throw Gone(right, guid, null);
                string? creator = CreatorKept(right, stored, removing);
                if (creator == null)
                {
                    return await ApplyLockedAsync(right, guid, stored, readToSave, adding, removing, bearer, acceptUnverified, log, cancellationToken).ConfigureAwait(false);
                }

                log.Verbose($"{creator} created the query collection '{stored.Name}': Atlas keeps a collection's creator in adminUsers, so it is not removed.");
                List<string> others = removing.Where(u => !string.Equals(u, creator, StringComparison.Ordinal)).ToList();
                bool othersToChange = adding.Count > 0 || others.Count > 0;
                if (othersToChange)
                {
                    stored = (await ApplyLockedAsync(right, guid, stored, readToSave, adding, others, bearer, acceptUnverified: false, log, cancellationToken).ConfigureAwait(false)).Asset;
                }

                throw new CollectionCreatorKeptException(CollectionCreatorKeptException.Explain(creator, stored), creator, stored, othersToChange);
            }
        }

        private async Task<AccessListOutcome> ApplyLockedAsync(GrantRight right, string guid, GrantTarget stored, ClockWatch readToSave, IReadOnlyList<string> adding, IReadOnlyList<string> removing, SecureString bearer, bool acceptUnverified, IAtlanLog log, CancellationToken cancellationToken)
        {
            string attribute = ListAttributeOf(right);
            List<string> notHolding = new List<string>();
            for (int attempt = 1; attempt <= MaxAttempts; attempt++)
            {
                IReadOnlyList<string> current = stored.UsersFor(right);
                if (Holds(current, adding, removing))
                {
                    return AccessListOutcome.Checked(stored);
                }

                string? lastAdmin = LastAdminProblem(right, stored, removing);
                if (lastAdmin != null)
                {
                    throw new LastAdminException(lastAdmin, stored.Guid);
                }

                List<string> wanted = current.Where(u => !removing.Contains(u, StringComparer.Ordinal))
                    .Concat(adding.Where(u => !current.Contains(u, StringComparer.Ordinal)))
                    .ToList();
                if (attempt > 1)
                {
                    log.Verbose($"Another writer changed {attribute} of {stored.TypeName} '{stored.Name}' after this save; applying the change again on the list as stored now (attempt {attempt} of {MaxAttempts}).");
                }

                bool acknowledged = await SaveAsync(stored, attribute, wanted, bearer, log, cancellationToken).ConfigureAwait(false);
                TimeSpan gap = readToSave.Elapsed;
                TimeSpan settle = Settle(gap);
                log.Verbose($"Checking the stored {attribute} of {stored.TypeName} '{stored.Name}' in {settle.TotalMilliseconds:0} ms (this writer's read-to-save took {gap.TotalMilliseconds:0} ms), after any writer that read before this save could have written.");
                await _clock.DelayAsync(settle, cancellationToken).ConfigureAwait(false);
                readToSave.Restart();
                GrantTarget? read;
                try
                {
                    read = await ReadAsync(right, guid, bearer, log, cancellationToken).ConfigureAwait(false);
                }
                catch (AtlanException e) when (acceptUnverified && acknowledged && LeavesUnverified(e) && !cancellationToken.IsCancellationRequested)
                {
                    // The save's own answer listed the asset (or mapped the save to it): applied, as far as Atlas told,
                    // but the read that would show it (and catch a writer that undid it) was refused.
                    log.Verbose($"The save of {attribute} on {stored.TypeName} '{stored.Name}' was acknowledged, but the check read failed ({e.Message}): applied, not verified.");
                    return AccessListOutcome.NotVerified(stored.WithUsers(right, wanted), e);
                }

                stored = read ?? throw Gone(right, guid, null);
                notHolding = NotHolding(stored.UsersFor(right), adding, removing);
                if (notHolding.Count == 0)
                {
                    return AccessListOutcome.Checked(stored);
                }
            }

            throw new ConcurrentChangeException(
                $"Another writer kept overwriting {attribute} of the {stored.TypeName} '{stored.Name}' ({stored.QualifiedName}): after {MaxAttempts} attempts the stored list still "
                + $"{Describe(notHolding, adding)}. Atlas offers no version check, so concurrent writers in other processes can undo each other's change.",
                "POST",
                EntitiesEndpoint.BulkPath,
                guid,
                notHolding);
        }

        /// <summary>
        /// Sends the save; when its outcome is unknown the caller's check read decides, so it is never re-sent blindly.
        /// True when the save's answer acknowledged the asset; false when its outcome is unknown.
        /// </summary>
        private async Task<bool> SaveAsync(GrantTarget stored, string attribute, List<string> wanted, SecureString bearer, IAtlanLog log, CancellationToken cancellationToken)
        {
            MutationResult result;
            try
            {
                result = await _entities.SaveAsync(new EntityUpdate(stored.TypeName, stored.QualifiedName, stored.Name, attribute, wanted), log, cancellationToken, bearer).ConfigureAwait(false);
            }
            catch (AtlanApiException e) when (e.StatusCode == 404)
            {
                throw Gone(stored, e);
            }
            catch (AtlanApiException e) when (GrantUserNotFoundException.UnknownUsernameOf(e) is string unknown)
            {
                // Atlas's 500 for a user Keycloak does not know: nothing was stored, and a second save would fail alike.
                throw new GrantUserNotFoundException(
                    $"Atlas refused to add {unknown} to {attribute} of the {stored.TypeName} '{stored.Name}' ({stored.QualifiedName}): Keycloak has no such user, "
                    + $"so the API token it belongs to no longer exists (it was deleted after it was read). Nothing was stored. [{e.AtlanErrorCode ?? "HTTP 500"}; request id {e.RequestId}]",
                    unknown,
                    stored.Guid,
                    e);
            }
            catch (AtlanException e) when (e.MayHaveBeenApplied)
            {
                log.Verbose($"The save of {attribute} on {stored.TypeName} '{stored.Name}' may or may not have been applied ({e.Message}); the stored asset is read before anything is sent again.");
                return false;
            }

            if (!result.Acknowledges(stored.Guid))
            {
                throw new GrantNotConfirmedException(
                    $"Atlan accepted the save of {attribute} on {stored.TypeName} '{stored.Name}' ({stored.QualifiedName}), but its answer neither lists the asset as updated nor maps the save to it, so the change is not confirmed.",
                    stored.Guid);
            }

            return true;
        }

        /// <summary>
        /// A refused check read that leaves an acknowledged save applied but unverified: anything but the asset being
        /// gone (404) or the bearer being refused (401, 403), which say the change cannot be taken as applied.
        /// </summary>
        private static bool LeavesUnverified(AtlanException e)
            => !(e is AtlanApiException api && (api.StatusCode == 401 || api.StatusCode == 403 || api.StatusCode == 404))
               && !(e is AtlanAuthenticationException);

        private TimeSpan Settle(TimeSpan readToSave)
        {
            double ms = readToSave.TotalMilliseconds * 1.5;
            return TimeSpan.FromMilliseconds(Math.Min(_maxSettle.TotalMilliseconds, Math.Max(_minSettle.TotalMilliseconds, ms)));
        }

        private static bool Holds(IReadOnlyList<string> users, IReadOnlyList<string> adding, IReadOnlyList<string> removing)
            => NotHolding(users, adding, removing).Count == 0;

        private static List<string> NotHolding(IReadOnlyList<string> users, IReadOnlyList<string> adding, IReadOnlyList<string> removing)
            => adding.Where(u => !users.Contains(u, StringComparer.Ordinal))
                .Concat(removing.Where(u => users.Contains(u, StringComparer.Ordinal)))
                .ToList();

        private static string Describe(List<string> notHolding, IReadOnlyList<string> adding)
        {
            List<string> lacking = notHolding.Where(u => adding.Contains(u, StringComparer.Ordinal)).ToList();
            List<string> keeping = notHolding.Where(u => !adding.Contains(u, StringComparer.Ordinal)).ToList();
            var parts = new List<string>();
            if (lacking.Count > 0)
            {
                parts.Add("lacks " + string.Join(", ", lacking));
            }

            if (keeping.Count > 0)
            {
                parts.Add("still holds " + string.Join(", ", keeping));
            }

            return string.Join(" and ", parts);
        }

        private static AssetGoneException Gone(GrantRight right, string guid, Exception? inner)
            => new AssetGoneException($"The {TypeNameOf(right)} {guid} no longer exists or is no longer visible to the impersonation token's user.", "GET", EntitiesEndpoint.GuidPath + guid, inner);

        private static AssetGoneException Gone(GrantTarget stored, Exception inner)
            => new AssetGoneException($"The {stored.TypeName} '{stored.Name}' ({stored.Guid}) no longer exists or is no longer visible to the impersonation token's user.", "POST", EntitiesEndpoint.BulkPath, inner);
    }
}
