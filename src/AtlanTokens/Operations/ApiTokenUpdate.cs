using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Session;

namespace AtlanTokens.Operations
{
    /// <summary>One writer's change to a token, relative to whatever is stored when it is applied.</summary>
    internal sealed class ApiTokenChange
    {
        /// <summary>The new name; null keeps the stored one.</summary>
        public string? DisplayName { get; set; }

        /// <summary>The new description; null keeps the stored one.</summary>
        public string? Description { get; set; }

        /// <summary>The complete persona set (qualified names); null changes the set only by <see cref="AddPersonas"/> and <see cref="RemovePersonas"/>.</summary>
        public IReadOnlyList<string>? SetPersonas { get; set; }

        public IReadOnlyList<string> AddPersonas { get; set; } = Array.Empty<string>();

        public IReadOnlyList<string> RemovePersonas { get; set; } = Array.Empty<string>();

        /// <summary>The complete state to send, given what is stored now (entries the module cannot read are kept apart).</summary>
        public (string Name, string Description, List<string> Personas) ApplyTo(ApiToken stored)
        {
            List<string> personas;
            if (SetPersonas != null)
            {
                personas = SetPersonas.Distinct(StringComparer.Ordinal).ToList();
            }
            else
            {
                personas = stored.Personas.QualifiedNames.Where(qn => !RemovePersonas.Contains(qn, StringComparer.Ordinal)).ToList();
                personas.AddRange(AddPersonas.Where(qn => !personas.Contains(qn, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal));
            }

            return (DisplayName ?? stored.DisplayName ?? string.Empty, Description ?? stored.Description ?? string.Empty, personas);
        }

        /// <summary>The parts of this change that the stored token does not show (empty: the change holds).</summary>
        public List<string> MissingFrom(ApiToken stored)
        {
            var missing = new List<string>();
            if (DisplayName != null && !string.Equals(stored.DisplayName, DisplayName, StringComparison.Ordinal))
            {
                missing.Add($"the name '{DisplayName}' (stored: '{stored.DisplayName}')");
            }

            if (Description != null && !string.Equals(stored.Description ?? string.Empty, Description, StringComparison.Ordinal))
            {
                missing.Add("the new description");
            }

            var linked = new HashSet<string>(stored.Personas.QualifiedNames, StringComparer.Ordinal);
            IEnumerable<string> mustHave = SetPersonas ?? AddPersonas;
            missing.AddRange(mustHave.Where(qn => !linked.Contains(qn)).Select(qn => $"persona {qn} linked"));
            IEnumerable<string> mustNotHave = SetPersonas != null ? linked.Where(qn => !SetPersonas.Contains(qn, StringComparer.Ordinal)) : RemovePersonas.Where(linked.Contains);
            missing.AddRange(mustNotHave.Select(qn => $"persona {qn} unlinked"));
            return missing;
        }
    }

    /// <summary>
    /// Token updates that hold against other writers. The API replaces a token's name, description and persona set
    /// with what it is sent and has no version check, so a read-modify-write can lose another writer's change. Writes
    /// to one token (tenant + GUID) are serialised across sessions and runspaces of this process, and across this
    /// user's processes on this machine (<see cref="MachineWriteLocks"/>); under the lock the change is applied to a
    /// fresh read, and the write's answer is the check. When nothing races that is two requests: the read (the
    /// caller's own, when no write from this machine came after it) and the write. Writers on other machines are
    /// not serialised: when a write's answer does not show the change, the token is read and the change applied
    /// again (up to <see cref="MaxAttempts"/> writes), else the update fails with <see cref="ConcurrentChangeException"/>.
    /// </summary>
    internal sealed class ApiTokenUpdate
    {
        public const int MaxAttempts = 3;

        private static readonly ConcurrentDictionary<string, SemaphoreSlim> Locks = new ConcurrentDictionary<string, SemaphoreSlim>(StringComparer.Ordinal);

        private readonly ApiTokensEndpoint _endpoint;
        private readonly string _tenant;
        private readonly MachineWriteLocks _machine;
        private readonly AtlanClock _clock;

        public ApiTokenUpdate(ApiTokensEndpoint endpoint, Uri tenant, MachineWriteLocks machine, AtlanClock? clock = null)
        {
            _endpoint = endpoint;
            _tenant = tenant.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
            _machine = machine;
            _clock = clock ?? AtlanClock.System;
        }

        /// <summary>
        /// Applies the change to what is stored now and returns the token as stored afterwards.
        /// <paramref name="readBefore"/> (read by the caller, sent at <paramref name="readStartedAt"/>) stands for the
        /// fresh read when no writer on this machine finished a write to the token after it was sent.
        /// </summary>
        public async Task<ApiTokenUpdateResult> UpdateAsync(string guid, ApiTokenChange change, IAtlanLog log, CancellationToken cancellationToken, ApiToken? readBefore = null, DateTimeOffset? readStartedAt = null)
        {
            SemaphoreSlim gate = Locks.GetOrAdd(_tenant + "|" + guid.ToLowerInvariant(), _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using MachineWriteLock machine = await _machine.AcquireAsync(_tenant, "apitoken", guid, log, cancellationToken).ConfigureAwait(false);
                ApiToken? stored = readBefore != null && readStartedAt.HasValue && machine.NoLocalWriteSince(readStartedAt.Value) ? readBefore : null;
                List<string> missing = new List<string>();
                for (int attempt = 1; attempt <= MaxAttempts; attempt++)
                {
                    stored ??= await ReadAsync(guid, log, cancellationToken).ConfigureAwait(false);
                    ClockWatch sinceRead = _clock.StartWatch();
                    if (change.MissingFrom(stored).Count == 0)
                    {
                        return new ApiTokenUpdateResult(stored, written: attempt > 1, notVerified: null);
                    }

                    var (name, description, personas) = change.ApplyTo(stored);
                    log.Debug($"Token {guid}: read to write in {sinceRead.Elapsed.TotalMilliseconds:0.0} ms.");
                    machine.BeginWrite();
                    ApiToken answer = await _endpoint.UpdateAsync(guid, name, description, personas, log, cancellationToken, stored.Personas.Uninterpreted).ConfigureAwait(false);
                    machine.MarkWritten(_clock.UtcNow);
                    if (change.MissingFrom(answer).Count == 0)
                    {
                        return new ApiTokenUpdateResult(answer, written: true, notVerified: null);
                    }

                    // The answer does not show the change: read what is stored to tell a lost race from an odd answer.
                    ApiToken after;
                    try
                    {
                        after = await ReadAsync(guid, log, cancellationToken).ConfigureAwait(false);
                    }
                    catch (AtlanException e) when (!(e is AtlanApiException api && api.StatusCode == 404) && !cancellationToken.IsCancellationRequested)
                    {
                        return new ApiTokenUpdateResult(answer, written: true, notVerified: e.Message);
                    }

                    missing = change.MissingFrom(after);
                    if (missing.Count == 0)
                    {
                        return new ApiTokenUpdateResult(after, written: true, notVerified: null);
                    }

                    stored = after;
                    log.Verbose($"Another writer changed token {guid} meanwhile: {string.Join("; ", missing)} did not hold; applying the change again on the fresh state (attempt {attempt + 1} of {MaxAttempts}).");
                }

                throw new ConcurrentChangeException(
                    $"Token {guid} was changed by another writer each time this update was applied ({MaxAttempts} times); still missing: {string.Join("; ", missing)}.",
                    "POST",
                    ApiTokensEndpoint.ResourcePath + "/" + guid,
                    guid,
                    missing);
            }
            finally
            {
                gate.Release();
            }
        }

        private async Task<ApiToken> ReadAsync(string guid, IAtlanLog log, CancellationToken cancellationToken)
        {
            ApiToken? token = await _endpoint.FindByGuidAsync(guid, log, cancellationToken).ConfigureAwait(false);
            return token ?? throw new AtlanApiException(
                $"Token {guid} no longer exists (it was deleted meanwhile).",
                "GET",
                ApiTokensEndpoint.ResourcePath,
                null,
                404,
                null,
                null,
                null,
                Array.Empty<string>(),
                mayHaveBeenApplied: false);
        }
    }
}
