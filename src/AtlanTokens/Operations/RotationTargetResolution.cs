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
    /// Which token a rotation acts on, when that takes several reads and a decision: an exact name (whose token may be
    /// the new token of an unfinished rotation, followed by its own rotation mark to the old token), or what a failed
    /// run returned (-Resume: the new token, checked against its mark, and the old token it names). Either returns the
    /// token to rotate or throws a <see cref="RotationTargetException"/>; a failed read is the client's own exception.
    /// </summary>
    internal sealed class RotationTargetResolution
    {
        private readonly AtlanSession _session;

        public RotationTargetResolution(AtlanSession session)
        {
            _session = session;
        }

        /// <summary>
        /// The exact name: one token; or, when a token of the name carries its own rotation mark naming a token that
        /// still exists (the new token of an unfinished rotation), that old token, followed by GUID through a rename.
        /// </summary>
        public async Task<RotationTarget> ByNameAsync(string name, IAtlanLog log, CancellationToken cancellationToken)
        {
            List<ApiToken> matches = await _session.ApiTokens.FindAsync(ApiTokenFilter.ByDisplayName(name), log, cancellationToken).ConfigureAwait(false);
            if (matches.Count > 0)
            {
                ApiToken? followed = await FollowMarkAsync(name, matches, log, cancellationToken).ConfigureAwait(false);
                if (followed != null)
                {
                    return new RotationTarget(followed, null);
                }
            }

            if (matches.Count == 0)
            {
                throw new RotationTargetException(RotationTargetProblem.NameNotFound, $"No API token is named '{name}' (-Name here is exact). Nothing was created.", name);
            }

            if (matches.Count > 1)
            {
                string which = string.Join(", ", matches.Select(t => $"{t.Guid} (created {t.CreatedAt?.ToUniversalTime():u} by {t.CreatedBy})"));
                throw new RotationTargetException(
                    RotationTargetProblem.NameAmbiguous,
                    $"{matches.Count} API tokens are named '{name}': {which}. A shared name, creator or persona set is no evidence of which one is meant. Nothing was created.",
                    name,
                    matches[0].Guid);
            }

            matches[0].Session = _session;
            return new RotationTarget(matches[0], null);
        }

        /// <summary>
        /// -Resume: <paramref name="carried"/> is the new token a failed run returned (null when what was given holds
        /// none), <paramref name="oldGuid"/> the token that run rotated when its error said so, <paramref name="secret"/>
        /// the new secret when the caller still has it. The new token must still exist and carry its own rotation mark
        /// naming the old one (and the one the error names); the old token must still exist.
        /// </summary>
        public async Task<RotationTarget> ResumeAsync(string? oldGuid, ApiToken? carried, SecureString? secret, IAtlanLog log, CancellationToken cancellationToken)
        {
            if (carried == null)
            {
                throw new RotationTargetException(
                    RotationTargetProblem.ResumeNotARotation,
                    "-Resume takes what a failed rotation returned: its RotationIncomplete error record, that error's exception, or its TargetObject (the new token). This is none of them, or that error carried no new token (it was removed again). Nothing was changed.");
            }

            string newGuid = carried.Guid;
            ApiToken? stored = await _session.ApiTokens.FindByGuidAsync(newGuid, log, cancellationToken).ConfigureAwait(false);

            // Only a marked token is resumable: the mark is written after the proof, so an unproven token is never adopted.
            string? markedFor = stored == null ? null : RotationMark.OldGuidOf(stored);
            oldGuid ??= markedFor;
            if (stored == null || markedFor == null || !string.Equals(markedFor, oldGuid, StringComparison.OrdinalIgnoreCase))
            {
                throw new RotationTargetException(
                    RotationTargetProblem.ResumeNoEvidence,
                    stored == null
                        ? $"The new token {newGuid} of that rotation no longer exists on {_session.BaseUrl}. Nothing was changed."
                        : $"API token '{stored.DisplayName}' ({newGuid}) carries no rotation mark of its own naming the token it replaces, so it is no evidence of an unfinished rotation. Nothing was changed.");
            }

            ApiToken? old = await _session.ApiTokens.FindByGuidAsync(markedFor, log, cancellationToken).ConfigureAwait(false);
            if (old == null)
            {
                throw new RotationTargetException(
                    RotationTargetProblem.OldTokenGone,
                    $"The token that rotation replaces ({oldGuid}) no longer exists on {_session.BaseUrl}: the rotation finished already, or the token was deleted. Nothing was changed.",
                    oldGuid);
            }

            stored.Session = _session;
            stored.AccessToken = secret;
            old.Session = _session;
            return new RotationTarget(old, stored);
        }

        /// <summary>
        /// Among the tokens of a name, the new tokens of unfinished rotations (their own marks name an old token): when
        /// they all name one old token that still exists, and every other match is that old token, it is the one to
        /// rotate. Null when no match carries such a mark, or the marks do not settle it (the caller's ambiguity rule
        /// then applies, or the single match is rotated).
        /// </summary>
        private async Task<ApiToken?> FollowMarkAsync(string name, List<ApiToken> matches, IAtlanLog log, CancellationToken cancellationToken)
        {
            List<string> olds = matches.Select(RotationMark.OldGuidOf).Where(g => g != null).Select(g => g!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (olds.Count != 1)
            {
                return null;
            }

            string oldGuid = olds[0];
            ApiToken? old = matches.FirstOrDefault(t => string.Equals(t.Guid, oldGuid, StringComparison.OrdinalIgnoreCase))
                ?? await _session.ApiTokens.FindByGuidAsync(oldGuid, log, cancellationToken).ConfigureAwait(false);
            if (old == null || !matches.All(t => ReferenceEquals(t, old) || RotationMark.IsSuccessorOf(t, oldGuid)))
            {
                return null;
            }

            log.Verbose($"A token named '{name}' is the new token of an unfinished rotation of '{old.DisplayName}' ({old.Guid}) (it carries that rotation's mark): that rotation is finished.");
            old.Session = _session;
            return old;
        }
    }
}
