using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Session;

namespace AtlanTokens.Operations
{
    /// <summary>
    /// Grant or revoke one right on one asset for some API tokens, as the impersonation token's user:
    /// <list type="number">
    /// <item><see cref="ReadAsync"/> finds the asset (by GUID, or by name with one search) and reads it as stored;</item>
    /// <item><see cref="Plan"/> decides who needs a change and refuses to remove the last admin;</item>
    /// <item>the caller confirms (ShouldProcess), then <see cref="ApplyAsync"/> makes the change through
    /// <see cref="AccessListChange"/> and returns the asset as stored afterwards (or, when only the check read after an
    /// acknowledged save was refused, as saved and not verified).</item>
    /// </list>
    /// Failures are the module's exceptions, with the nouns of the <see cref="GrantKind"/> in their messages.
    /// </summary>
    internal sealed class GrantChange
    {
        private readonly AccessListChange _lists;
        private readonly AssetLookup _assets;
        private readonly AssetDirectory _directory;

        public GrantChange(AccessListChange lists, AssetLookup assets, AssetDirectory directory)
        {
            _lists = lists;
            _assets = assets;
            _directory = directory;
        }

        /// <summary>The active asset as stored now; by name, exactly one must match (with the connector type, if given).</summary>
        public async Task<GrantTarget> ReadAsync(GrantKind kind, string? guid, string? name, string? connectorType, SecureString bearer, IAtlanLog log, CancellationToken cancellationToken)
        {
            guid ??= await FindGuidAsync(kind, name ?? throw new ArgumentNullException(nameof(name)), connectorType, bearer, log, cancellationToken).ConfigureAwait(false);
            string label = name != null ? $"'{name}' ({guid})" : $"with the GUID '{guid}'";
            string notFound = $"No active {kind.Noun} {label} is visible to the impersonation token's user: it does not exist, was deleted{kind.InvisibleReason}. Nothing was changed.";
            GrantTarget? read;
            try
            {
                read = await _lists.ReadAsync(kind.Right, guid, bearer, log, cancellationToken).ConfigureAwait(false);
            }
            catch (AtlanApiException e) when (e.StatusCode == 403)
            {
                // Atlas refuses to read an asset the user may not see (ATLAS-403-00-001): to that user it does not exist.
                throw new GrantAssetNotFoundException($"{notFound} {e.Message}", kind.NotFoundId, (object?)name ?? guid, e);
            }

            return read ?? throw new GrantAssetNotFoundException(notFound, kind.NotFoundId, (object?)name ?? guid);
        }

        /// <summary>
        /// Who needs a change; a revoke that would leave no admin user, group or role is refused before sending, and a
        /// collection's creator is left out of a revoke (Atlas always keeps it as editor: <see cref="GrantPlan.CreatorKept"/>).
        /// </summary>
        public static GrantPlan Plan(GrantKind kind, GrantDirection direction, GrantTarget before, IReadOnlyList<string> usernames)
        {
            List<string> pending = direction.Pending(before.UsersFor(kind.Right), usernames);
            string? creator = direction.Removes ? AccessListChange.CreatorKept(kind.Right, before, pending) : null;
            if (creator != null)
            {
                pending.Remove(creator);
                usernames = usernames.Where(u => !string.Equals(u, creator, StringComparison.Ordinal)).ToList();
            }

            string? lastAdmin = direction.Removes && pending.Count > 0 ? AccessListChange.LastAdminProblem(kind.Right, before, pending) : null;
            if (lastAdmin != null)
            {
                throw new LastAdminException(lastAdmin, before.Guid);
            }

            return new GrantPlan(kind, direction, before, usernames, pending) { CreatorKept = creator };
        }

        /// <summary>
        /// Sends the plan's change (keeping every other user) and returns the asset as stored afterwards; or, when the
        /// save's answer acknowledged it but the check read was refused, the asset as saved, marked not verified.
        /// </summary>
        public async Task<AccessListOutcome> ApplyAsync(GrantPlan plan, SecureString bearer, IAtlanLog log, CancellationToken cancellationToken)
        {
            GrantKind kind = plan.Kind;
            GrantDirection direction = plan.Direction;
            try
            {
                return await _lists.ApplyWithOutcomeAsync(kind.Right, plan.Before.Guid, direction.Adding(plan.Pending), direction.Removing(plan.Pending), bearer, log, cancellationToken).ConfigureAwait(false);
            }
            catch (AtlanApiException e) when (e.StatusCode == 403)
            {
                throw new GrantDeniedException(
                    $"The impersonation token's user may not {direction.Verb} {kind.RightText}s {direction.Preposition} {plan.Target}: only {kind.HolderShort} may, "
                    + $"and an API token cannot {direction.GrantVerb} this right {(direction.Removes ? "for" : "to")} itself. Nothing was changed. {e.Message}",
                    plan.Before.Guid,
                    e);
            }
            catch (AssetGoneException gone)
            {
                throw new AssetGoneException(
                    $"The {plan.Target} was deleted (or became invisible to the impersonation token's user) after it was read and before the save; nothing was changed. {gone.Message}",
                    gone.Method,
                    gone.RequestPath,
                    gone);
            }
            finally
            {
                _directory.Invalidate();
            }
        }

        private async Task<string> FindGuidAsync(GrantKind kind, string name, string? connectorType, SecureString bearer, IAtlanLog log, CancellationToken cancellationToken)
        {
            List<NamedAsset> found;
            try
            {
                found = await kind.FindByNameAsync(_assets, name, connectorType, bearer, log, cancellationToken).ConfigureAwait(false);
            }
            catch (AtlanApiException e) when (e.StatusCode == 403)
            {
                throw new GrantDeniedException(e.Message, name, e);
            }

            if (found.Count == 1)
            {
                return found[0].Guid;
            }

            string which = connectorType == null ? $"named '{name}'" : $"named '{name}' of connector type '{connectorType}'";
            if (found.Count == 0)
            {
                throw new GrantAssetNotFoundException($"No active {kind.Noun} {which} is visible to the impersonation token's user. Nothing was changed.", kind.NotFoundId, name);
            }

            throw new GrantAssetAmbiguousException(
                $"{found.Count} {kind.Noun}s are {which}: {string.Join("; ", found.Select(f => f.Label))}. Nothing was changed.",
                kind.AmbiguousId,
                name,
                connectorType,
                found);
        }
    }
}
