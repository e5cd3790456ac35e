using System;
using System.Collections.Generic;
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
    /// never leaves two tokens behind when it can tell. When an attempt fails in a way that may have been applied
    /// (connection lost, timeout, 5xx, unreadable answer), the name is looked up, with backoff, before anything else: a
    /// token that appears and is shown to be this call's own (<see cref="CreateEvidence"/>) is the lost attempt (its
    /// secret is gone: <see cref="ApiTokenCreateException"/>, ApiTokenSecretLost). When none appears, the create is made
    /// again; the token is delivered at once, and a <see cref="LateCopyWatch"/> then looks, until the settle time after
    /// the last lost attempt was sent, for a copy the lost attempt commits late (a gateway that gave up before a slow
    /// backend). Every wait and window reads the session's clock (<see cref="AtlanClientOptions.Clock"/>).
    /// </summary>
    internal sealed class ApiTokenCreation
    {
        /// <summary>How often a create is made again after attempts that provably did not happen.</summary>
        public const int MaxAttempts = 3;

        private readonly ApiTokensEndpoint _endpoint;
        private readonly string _ownUsername;
        private readonly AtlanClock _clock;
        private readonly TimeSpan _settleTime;
        private readonly TimeSpan _firstCheckWindow;

        /// <param name="ownUsername">Who the session acts as: a late copy is only ever a token this user created.</param>
        /// <param name="options">The clock, <see cref="AtlanClientOptions.CreateSettleTime"/> and <see cref="AtlanClientOptions.CreateFirstCheckWindow"/>.</param>
        public ApiTokenCreation(ApiTokensEndpoint endpoint, string ownUsername, AtlanClientOptions options)
        {
            _endpoint = endpoint;
            _ownUsername = ownUsername;
            _clock = options.Clock;
            _settleTime = options.CreateSettleTime;
            _firstCheckWindow = options.CreateFirstCheckWindow < _settleTime ? options.CreateFirstCheckWindow : _settleTime;
        }

        /// <summary>Creates the token and, when attempts were lost, watches for their late copies before returning it.</summary>
        public async Task<ApiToken> CreateAsync(ApiTokenCreateRequest request, IAtlanLog log, CancellationToken cancellationToken)
        {
            ApiTokenCreated created = await CreateDeliveringAsync(request, log, cancellationToken).ConfigureAwait(false);
            await created.WatchAsync(log, cancellationToken).ConfigureAwait(false);
            return created.Token;
        }

        /// <summary>
        /// Creates the token and returns it as soon as it exists; the caller hands it on and then runs
        /// <see cref="ApiTokenCreated.WatchAsync"/>, which is empty unless attempts were lost.
        /// </summary>
        public async Task<ApiTokenCreated> CreateDeliveringAsync(ApiTokenCreateRequest request, IAtlanLog log, CancellationToken cancellationToken)
        {
            string name = request.DisplayName;
            HashSet<string>? known = request.ExistingGuids == null ? null : new HashSet<string>(request.ExistingGuids, StringComparer.OrdinalIgnoreCase);
            if (known == null && !request.ExistingUnknown)
            {
                known = await ExistingAsync(name, log, cancellationToken).ConfigureAwait(false);
            }

            var evidence = new CreateEvidence(request, _ownUsername, _clock.UtcNow);
            TimeSpan lastLostSent = TimeSpan.Zero;
            int lostAttempts = 0;
            for (int attempt = 1; ; attempt++)
            {
                AtlanException failure;
                TimeSpan sent = _clock.Monotonic;
                DateTimeOffset sentAt = _clock.UtcNow;
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

                    if (lostAttempts == 0 || known == null)
                    {
                        return new ApiTokenCreated(created, null);
                    }

                    known.Add(created.Guid);
                    evidence.Calibrate(created, sentAt, _clock.UtcNow);
                    return new ApiTokenCreated(created, new LateCopyWatch(_endpoint, _clock, request, created, known, evidence, lostAttempts, lastLostSent + _settleTime));
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

                lastLostSent = sent;
                log.Verbose($"The create of '{name}' may or may not have happened ({failure.Message}); checking the tenant before anything else.");
                List<ApiToken> appeared = await SettleAsync(request, known, evidence, failure, log, cancellationToken).ConfigureAwait(false);
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
                        $"Creating API token '{name}' failed ({failure.Message}) and {appeared.Count} new tokens of that name, each matching what was sent, appeared meanwhile ({string.Join(", ", appeared.Select(t => t.Guid))}); someone else may be creating them too. Nothing more was created.",
                        name,
                        null,
                        failure);
                }

                lostAttempts++;
                if (attempt >= MaxAttempts)
                {
                    throw failure;
                }

                log.Verbose($"'{name}' has not appeared; creating it again (attempt {attempt + 1} of {MaxAttempts}), then watching for a late copy until {_settleTime.TotalSeconds:0.#} s after the lost attempt was sent.");
            }
        }

        /// <summary>The GUIDs of the tokens of this name now; null when the name cannot be looked up (the create will say why).</summary>
        private async Task<HashSet<string>?> ExistingAsync(string name, IAtlanLog log, CancellationToken cancellationToken)
        {
            List<ApiToken>? before = await FindSameNameAsync(name, log, cancellationToken).ConfigureAwait(false);
            return before == null ? null : new HashSet<string>(before.Select(t => t.Guid), StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>
        /// The tokens that already have this display name; null (with a verbose line) when the name cannot be looked
        /// up because the list filter cannot carry it (a 4xx other than 401, 403 and 429, e.g. a name too long for a
        /// URL): the create itself will then say what is wrong. Any other failure is thrown.
        /// </summary>
        public async Task<List<ApiToken>?> FindSameNameAsync(string name, IAtlanLog log, CancellationToken cancellationToken)
        {
            try
            {
                return await _endpoint.FindAsync(ApiTokenFilter.ByDisplayName(name), log, cancellationToken).ConfigureAwait(false);
            }
            catch (AtlanApiException e) when (e.StatusCode >= 400 && e.StatusCode < 500 && e.StatusCode != 401 && e.StatusCode != 403 && e.StatusCode != 429)
            {
                log.Verbose($"Could not look up existing tokens named like this one: {e.Message}");
                return null;
            }
        }

        /// <summary>
        /// Looks the name up with backoff for the first-check window; what appeared that was not known before and is
        /// shown to be this call's own. Any other new token of the name is reported once and left alone.
        /// </summary>
        private async Task<List<ApiToken>> SettleAsync(ApiTokenCreateRequest request, HashSet<string> known, CreateEvidence evidence, AtlanException failure, IAtlanLog log, CancellationToken cancellationToken)
        {
            ClockWatch window = _clock.StartWatch();
            TimeSpan pause = TimeSpan.FromMilliseconds(250);
            while (true)
            {
                List<ApiToken> appeared = await AppearedAsync(request.DisplayName, known, failure, log, cancellationToken).ConfigureAwait(false);
                List<ApiToken> own = evidence.OwnAmong(appeared, _clock.UtcNow, known, (token, whyNot) =>
                    log.Warning($"While checking whether a lost attempt to create API token '{request.DisplayName}' happened, another token of that name appeared ({token.Guid}, client id {token.ClientId}); it is not taken for this call's own because {whyNot}, and it was left alone."));

                if (own.Count > 0 || window.Elapsed + pause > _firstCheckWindow)
                {
                    return own;
                }

                await _clock.DelayAsync(pause, cancellationToken).ConfigureAwait(false);
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
    }
}
