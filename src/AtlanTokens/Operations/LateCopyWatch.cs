using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Model;

namespace AtlanTokens.Operations
{
    /// <summary>
    /// After a create that followed attempts whose answers were lost: until the settle time after the last lost
    /// attempt was sent, or until each lost attempt's copy was found, looks for the tokens those attempts may still
    /// commit. A copy is removed only on evidence that it is this call's own (<see cref="CreateEvidence"/>), never more
    /// copies than attempts were lost; every other new token of the name is reported (GUID and a command to remove it)
    /// and left alone.
    /// </summary>
    internal sealed class LateCopyWatch
    {
        private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(500);
        private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(4);

        private readonly ApiTokensEndpoint _endpoint;
        private readonly AtlanClock _clock;
        private readonly ApiTokenCreateRequest _request;
        private readonly ApiToken _delivered;
        private readonly HashSet<string> _known;
        private readonly CreateEvidence _evidence;
        private readonly int _lostAttempts;
        private readonly TimeSpan _until;

        /// <param name="until">On <paramref name="clock"/>'s monotonic time: when no lost attempt can commit any more.</param>
        public LateCopyWatch(ApiTokensEndpoint endpoint, AtlanClock clock, ApiTokenCreateRequest request, ApiToken delivered, HashSet<string> known, CreateEvidence evidence, int lostAttempts, TimeSpan until)
        {
            _endpoint = endpoint;
            _clock = clock;
            _request = request;
            _delivered = delivered;
            _known = known;
            _evidence = evidence;
            _lostAttempts = lostAttempts;
            _until = until;
        }

        /// <summary>How long the watch may still take.</summary>
        public TimeSpan Left => _until - _clock.Monotonic;

        public async Task RunAsync(IAtlanLog log, CancellationToken cancellationToken)
        {
            string name = _request.DisplayName;
            int removed = 0;
            TimeSpan pause = FirstPause;
            log.Verbose($"API token '{name}' ({_delivered.Guid}) was delivered; watching up to {Math.Max(0, Left.TotalSeconds):0.#} s more for a late copy of the {_lostAttempts} attempt(s) whose answer was lost.");
            while (true)
            {
                List<ApiToken> appeared;
                try
                {
                    appeared = (await _endpoint.FindAsync(ApiTokenFilter.ByDisplayName(name), log, cancellationToken).ConfigureAwait(false))
                        .Where(t => !_known.Contains(t.Guid))
                        .ToList();
                }
                catch (AtlanException e) when (!(e is AtlanSessionClosedException))
                {
                    log.Warning($"API token '{name}' was created ({_delivered.Guid}) after an attempt whose answer was lost, but checking for a late copy of that attempt failed ({e.Message}). Check for another token named '{name}' created just now: Get-AtlanApiToken -Name {CommandLineText.Quote(name)}.");
                    return;
                }

                List<ApiToken> own = _evidence.OwnAmong(appeared, _clock.UtcNow, _known, (token, whyNot) =>
                    log.Warning($"While watching for a late copy of a lost attempt to create API token '{name}', another token of that name appeared ({token.Guid}, client id {token.ClientId}); it was left alone because {whyNot}. The token delivered is {_delivered.Guid}. "
                        + $"If it is a copy nobody holds the secret of, remove it: Remove-AtlanApiToken -Guid {CommandLineText.Guid(token.Guid)} -Force"));

                if (own.Count > _lostAttempts - removed)
                {
                    foreach (ApiToken token in own)
                    {
                        _known.Add(token.Guid);
                    }

                    log.Warning($"API token '{name}' was created ({_delivered.Guid}) after {_lostAttempts} attempt(s) whose answer was lost; meanwhile {own.Count} token(s) matching what was sent appeared ({string.Join(", ", own.Select(t => t.Guid))}), more than the lost attempts could have made, so none was removed. "
                        + $"Check them (Get-AtlanApiToken -Guid <guid>) and remove the ones nobody uses, e.g. Remove-AtlanApiToken -Guid {CommandLineText.Guid(own[0].Guid)} -Force");
                    return;
                }

                foreach (ApiToken copy in own)
                {
                    _known.Add(copy.Guid);
                    removed++;
                    try
                    {
                        await _endpoint.DeleteAsync(copy.Guid, log, cancellationToken).ConfigureAwait(false);
                        log.Warning($"An earlier attempt to create API token '{name}' lost its answer and its token appeared late ({copy.Guid}, client id {copy.ClientId}; every field as sent, by this user, inside this call's window); nobody has its secret, so it was removed. The token delivered is {_delivered.Guid}.");
                    }
                    catch (AtlanException e) when (!(e is AtlanSessionClosedException))
                    {
                        log.Warning($"An earlier attempt to create API token '{name}' lost its answer and its token appeared late ({copy.Guid}); removing it failed ({e.Message}). Nobody has its secret: Remove-AtlanApiToken -Guid {CommandLineText.Guid(copy.Guid)} -Force. The token delivered is {_delivered.Guid}.");
                    }
                }

                TimeSpan left = Left;
                if (removed >= _lostAttempts || left <= TimeSpan.Zero)
                {
                    if (removed < _lostAttempts)
                    {
                        log.Verbose($"No late copy of '{name}' appeared within the settle time; the watch ended.");
                    }

                    return;
                }

                // The last look is at the end of the window itself, so a copy committed just before it is still seen.
                await _clock.DelayAsync(pause < left ? pause : left, cancellationToken).ConfigureAwait(false);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
            }
        }
    }
}
