using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Session;

namespace AtlanTokens.Operations
{
    /// <summary>What to create: the complete token, as sent.</summary>
    internal sealed class ApiTokenCreateRequest
    {
        public ApiTokenCreateRequest(string displayName, string description, IReadOnlyCollection<string> personaQualifiedNames, long validitySeconds)
        {
            DisplayName = displayName;
            Description = description;
            PersonaQualifiedNames = personaQualifiedNames;
            ValiditySeconds = validitySeconds;
        }

        public string DisplayName { get; }

        public string Description { get; }

        public IReadOnlyCollection<string> PersonaQualifiedNames { get; }

        public long ValiditySeconds { get; }

        /// <summary>Persona entries this module cannot read (raw JSON), sent exactly as read (a rotation copies them).</summary>
        public IReadOnlyCollection<string>? KeepVerbatim { get; set; }

        /// <summary>
        /// The tokens of this name that existed before (GUIDs), when the caller already listed them; null makes the
        /// service list them itself. Without such a list a lost answer cannot be told from a failed create.
        /// </summary>
        public IReadOnlyCollection<string>? ExistingGuids { get; set; }

        /// <summary>True when the caller tried to list them and could not (then the service does not try again).</summary>
        public bool ExistingUnknown { get; set; }
    }

    /// <summary>
    /// "Create without duplicates": creates a token and delivers its secret, or fails with this module's exception;
    /// never leaves two tokens behind. When an attempt fails in a way that may have been applied (connection lost,
    /// timeout, 5xx, unreadable answer), the name is looked up, with backoff, before anything else: a token that
    /// appears is the lost attempt (its secret is gone: <see cref="ApiTokenCreateException"/>, ApiTokenSecretLost).
    /// When none appears, the create is made again, and the service keeps watching, until the settle time since the
    /// first failure has passed, for a token the lost attempt commits late (a gateway that gave up before a slow
    /// backend); such an orphan (same name, created by this session's user, not known before, not the one delivered)
    /// is removed with a warning.
    /// </summary>
    internal sealed class ApiTokenCreation
    {
        /// <summary>How often a create is made again after attempts that provably did not happen.</summary>
        public const int MaxAttempts = 3;

        private readonly ApiTokensEndpoint _endpoint;
        private readonly string _ownUsername;
        private readonly TimeSpan _settleTime;
        private readonly TimeSpan _firstCheckWindow;

        /// <param name="ownUsername">Who the session acts as: orphans are only ever tokens this user created.</param>
        /// <param name="settleTime">How long after a failed attempt its token may still appear (default 30 s).</param>
        public ApiTokenCreation(ApiTokensEndpoint endpoint, string ownUsername, TimeSpan? settleTime = null)
        {
            _endpoint = endpoint;
            _ownUsername = ownUsername;
            _settleTime = settleTime ?? TimeSpan.FromSeconds(30);
            _firstCheckWindow = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(3).Ticks, _settleTime.Ticks));
        }

        public async Task<ApiToken> CreateAsync(ApiTokenCreateRequest request, IAtlanLog log, CancellationToken cancellationToken)
        {
            string name = request.DisplayName;
            HashSet<string>? known = request.ExistingGuids == null ? null : new HashSet<string>(request.ExistingGuids, StringComparer.OrdinalIgnoreCase);
            if (known == null && !request.ExistingUnknown)
            {
                known = await ExistingAsync(name, log, cancellationToken).ConfigureAwait(false);
            }

            Stopwatch? sinceFirstLoss = null;
            int lostAttempts = 0;
            for (int attempt = 1; ; attempt++)
            {
                AtlanException failure;
                try
                {
                    ApiToken created = await _endpoint.CreateAsync(name, request.Description, request.PersonaQualifiedNames, request.ValiditySeconds, log, cancellationToken, request.KeepVerbatim).ConfigureAwait(false);
                    if (created.AccessToken == null)
                    {
                        throw new AtlanResponseException(
                            $"API token '{name}' was created (GUID {created.Guid}), but the answer carried no secret (attributes.accessToken), and Atlan never shows a token's secret again.",
                            "POST",
                            ApiTokensEndpoint.ResourcePath,
                            null,
                            null,
                            AtlanResponseException.SecretNotReturnedId) { ObjectGuid = created.Guid };
                    }

                    if (lostAttempts > 0 && known != null)
                    {
                        known.Add(created.Guid);
                        await RemoveOrphansAsync(request, created, known, lostAttempts, sinceFirstLoss!, log, cancellationToken).ConfigureAwait(false);
                    }

                    return created;
                }
                catch (AtlanException e) when (e.MayHaveBeenApplied && !(e is AtlanSessionClosedException) && !(e is AtlanResponseException r && r.ErrorId == AtlanResponseException.SecretNotReturnedId))
                {
                    failure = e;
                }

                if (known == null)
                {
                    throw new ApiTokenCreateException(
                        ApiTokenCreateException.OutcomeUnknownId,
                        $"Creating API token '{name}' failed in a way that may have created it ({failure.Message}), and the existing tokens of that name could not be listed to check.",
                        name,
                        null,
                        failure);
                }

                sinceFirstLoss ??= Stopwatch.StartNew();
                log.Verbose($"The create of '{name}' may or may not have happened ({failure.Message}); checking the tenant before anything else.");
                List<ApiToken> appeared = await SettleAsync(name, known, failure, log, cancellationToken).ConfigureAwait(false);
                if (appeared.Count == 1)
                {
                    ApiToken lost = appeared[0];
                    throw new ApiTokenCreateException(
                        ApiTokenCreateException.SecretLostId,
                        $"API token '{name}' was created (GUID {lost.Guid}, client id {lost.ClientId}), but its answer was lost, and Atlan never shows a token's secret again. No second token was created.",
                        name,
                        lost.Guid,
                        failure);
                }

                if (appeared.Count > 1)
                {
                    throw new ApiTokenCreateException(
                        ApiTokenCreateException.OutcomeUnknownId,
                        $"Creating API token '{name}' failed ({failure.Message}) and {appeared.Count} new tokens of that name appeared meanwhile ({string.Join(", ", appeared.Select(t => t.Guid))}); someone else may be creating them too. Nothing more was created.",
                        name,
                        null,
                        failure);
                }

                lostAttempts++;
                if (attempt >= MaxAttempts)
                {
                    throw failure;
                }

                log.Verbose($"'{name}' has not appeared; creating it again (attempt {attempt + 1} of {MaxAttempts}), and watching for a late copy until {_settleTime.TotalSeconds:0} s after the first failure.");
            }
        }

        /// <summary>The GUIDs of the tokens of this name now; null when the name cannot be looked up (the create will say why).</summary>
        private async Task<HashSet<string>?> ExistingAsync(string name, IAtlanLog log, CancellationToken cancellationToken)
        {
            try
            {
                List<ApiToken> before = await _endpoint.FindAsync(ApiTokenFilter.ByDisplayName(name), log, cancellationToken).ConfigureAwait(false);
                return new HashSet<string>(before.Select(t => t.Guid), StringComparer.OrdinalIgnoreCase);
            }
            catch (AtlanApiException e) when (e.StatusCode >= 400 && e.StatusCode < 500 && e.StatusCode != 401 && e.StatusCode != 403 && e.StatusCode != 429)
            {
                log.Verbose($"Could not look up existing tokens named like this one: {e.Message}");
                return null;
            }
        }

        /// <summary>Looks the name up with backoff for a few seconds; what appeared that was not known before.</summary>
        private async Task<List<ApiToken>> SettleAsync(string name, HashSet<string> known, AtlanException failure, IAtlanLog log, CancellationToken cancellationToken)
        {
            var window = Stopwatch.StartNew();
            TimeSpan pause = TimeSpan.FromMilliseconds(250);
            while (true)
            {
                List<ApiToken> appeared = await AppearedAsync(name, known, failure, log, cancellationToken).ConfigureAwait(false);
                if (appeared.Count > 0 || window.Elapsed + pause > _firstCheckWindow)
                {
                    return appeared;
                }

                await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                pause = TimeSpan.FromTicks(pause.Ticks * 2);
            }
        }

        private async Task<List<ApiToken>> AppearedAsync(string name, HashSet<string> known, AtlanException failure, IAtlanLog log, CancellationToken cancellationToken)
        {
            try
            {
                List<ApiToken> now = await _endpoint.FindAsync(ApiTokenFilter.ByDisplayName(name), log, cancellationToken).ConfigureAwait(false);
                return now.Where(t => !known.Contains(t.Guid)).ToList();
            }
            catch (AtlanException e) when (!(e is AtlanSessionClosedException))
            {
                throw new ApiTokenCreateException(
                    ApiTokenCreateException.OutcomeUnknownId,
                    $"Creating API token '{name}' failed in a way that may have created it ({failure.Message}), and checking failed too ({e.Message}).",
                    name,
                    null,
                    failure);
            }
        }

        /// <summary>
        /// After a create that followed lost attempts: until the settle time has passed, looks for the tokens those
        /// attempts may still commit, and removes each (as many as attempts were lost, never more) with a warning.
        /// </summary>
        private async Task RemoveOrphansAsync(ApiTokenCreateRequest request, ApiToken delivered, HashSet<string> known, int lostAttempts, Stopwatch sinceFirstLoss, IAtlanLog log, CancellationToken cancellationToken)
        {
            string name = request.DisplayName;
            int removed = 0;
            TimeSpan pause = TimeSpan.FromMilliseconds(500);
            while (removed < lostAttempts)
            {
                List<ApiToken> candidates;
                try
                {
                    candidates = (await _endpoint.FindAsync(ApiTokenFilter.ByDisplayName(name), log, cancellationToken).ConfigureAwait(false))
                        .Where(t => !known.Contains(t.Guid))
                        .ToList();
                }
                catch (AtlanException e) when (!(e is AtlanSessionClosedException))
                {
                    log.Warning($"API token '{name}' was created ({delivered.Guid}) after an attempt whose answer was lost, but checking for a late copy of that attempt failed ({e.Message}). Check for another token named '{name}' created just now, and remove it.");
                    return;
                }

                List<ApiToken> orphans = candidates.Where(t => string.Equals(t.CreatedBy, _ownUsername, StringComparison.Ordinal)).ToList();
                if (candidates.Count > lostAttempts - removed || orphans.Count < candidates.Count)
                {
                    log.Warning($"API token '{name}' was created ({delivered.Guid}) after an attempt whose answer was lost; meanwhile {candidates.Count} other new token(s) of that name appeared ({string.Join(", ", candidates.Select(t => $"{t.Guid} by {t.CreatedBy ?? "unknown"}"))}), more than the lost attempts could have made or not all by this session's user, so none was removed. Check them and remove the ones you do not want.");
                    return;
                }

                foreach (ApiToken orphan in orphans)
                {
                    known.Add(orphan.Guid);
                    try
                    {
                        await _endpoint.DeleteAsync(orphan.Guid, log, cancellationToken).ConfigureAwait(false);
                        removed++;
                        log.Warning($"An earlier attempt to create API token '{name}' lost its answer and its token appeared late ({orphan.Guid}, client id {orphan.ClientId}); nobody has its secret, so it was removed. The token delivered is {delivered.Guid}.");
                    }
                    catch (AtlanException e) when (!(e is AtlanSessionClosedException))
                    {
                        log.Warning($"An earlier attempt to create API token '{name}' lost its answer and its token appeared late ({orphan.Guid}); removing it failed ({e.Message}). Nobody has its secret: remove it. The token delivered is {delivered.Guid}.");
                        removed++;
                    }
                }

                if (removed >= lostAttempts || sinceFirstLoss.Elapsed + pause > _settleTime)
                {
                    return;
                }

                await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(4).Ticks));
            }
        }
    }
}
