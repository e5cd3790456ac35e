using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Client.Auth;

namespace AtlanTokens.Client
{
    /// <summary>
    /// The one place that talks HTTP to a tenant: headers and auth, request ids, timeouts, retries, and turning
    /// Atlan's error bodies into exceptions. One instance (and one HttpClient) per session; thread-safe.
    /// </summary>
    internal sealed class AtlanClient : IDisposable
    {
        internal static readonly string ModuleVersion =
            typeof(AtlanClient).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

        private const int MaxErrorBodyBytes = 64 * 1024;

        private readonly HttpClient _http;
        private readonly AtlanAuthentication _authentication;
        private volatile RequestBudget _budget;
        private readonly Random _jitter = new Random();
        private readonly CancellationTokenSource _closed = new CancellationTokenSource();

        public AtlanClient(Uri baseUri, SecureString apiKey, AtlanClientOptions options, HttpMessageHandler? handler = null)
            : this(baseUri, new StaticKeyAuthentication(apiKey), options, handler)
        {
        }

        public AtlanClient(Uri baseUri, AtlanAuthentication authentication, AtlanClientOptions options, HttpMessageHandler? handler = null)
        {
            BaseUri = baseUri;
            Options = options;
            _authentication = authentication;
            _budget = RequestBudgets.For(baseUri, BudgetIdentity(authentication), options.RequestsPerMinute, options.Clock);
            _http = handler == null ? new HttpClient(CreateHandler(), disposeHandler: true) : new HttpClient(handler, disposeHandler: false);
            _http.Timeout = Timeout.InfiniteTimeSpan; // per-request timeouts come from Options, so they can be told apart from Ctrl+C
            _http.BaseAddress = baseUri;
        }

        public Uri BaseUri { get; }

        /// <summary>How the session authenticates (a fixed API key, or an OAuth client's bearers).</summary>
        public AtlanAuthentication Authentication => _authentication;

        /// <summary>Authenticates every later call with another key (a rotated session key); calls in flight keep the old one.</summary>
        public void ReplaceKey(SecureString apiKey)
        {
            if (!(_authentication is StaticKeyAuthentication key))
            {
                throw new InvalidOperationException("Only a session that authenticates with an API key can switch to another key.");
            }

            _budget = RequestBudgets.For(BaseUri, "key:" + SecretText.Reveal(apiKey), _budget.ConfiguredPerMinute, Options.Clock);
            key.Replace(apiKey);
        }

        /// <summary>The request budget of this tenant and key, shared with every other session on them in this process.</summary>
        public RequestBudget Budget => _budget;

        /// <summary>What a budget is shared by (hashed by the registry, never kept): the API key, or the OAuth client's id.</summary>
        private static string BudgetIdentity(AtlanAuthentication authentication)
            => authentication is OAuthClientAuthentication oauth
                ? "oauth-client:" + oauth.ClientId
                : "key:" + (System.Linq.Enumerable.FirstOrDefault(authentication.Secrets()) ?? string.Empty);

        public AtlanClientOptions Options { get; }

        public Task<T> SendAsync<T>(AtlanRequest request, Func<Stream, CancellationToken, Task<T>> readBody, IAtlanLog log, CancellationToken cancellationToken)
            => SendWithRetriesAsync(request, readBody, log, cancellationToken);

        public Task SendAsync(AtlanRequest request, IAtlanLog log, CancellationToken cancellationToken)
            => SendWithRetriesAsync<bool>(request, (_, __) => Task.FromResult(true), log, cancellationToken);

        private async Task<T> SendWithRetriesAsync<T>(AtlanRequest request, Func<Stream, CancellationToken, Task<T>> readBody, IAtlanLog log, CancellationToken cancellationToken)
        {
            TimeSpan waited = TimeSpan.Zero;
            bool earlierMayHaveApplied = false;
            bool reauthenticated = false;
            ClockWatch call = Options.Clock.StartWatch();
            TimeSpan turnWaits = TimeSpan.Zero; // waits for the request budget: not part of the call's total time
            ClockWatch? rateLimitedSince = null;
            int rateLimitedAttempts = 0;
            OperationDeadline? operation = OperationDeadline.Current;
            for (int attempt = 1; ; attempt++)
            {
                string requestId = Guid.NewGuid().ToString();
                AtlanException failure;
                TimeSpan? retryAfter = null;
                TimeSpan left = Options.TotalTimeout - (call.Elapsed - turnWaits);
                if (left <= TimeSpan.Zero)
                {
                    throw Annotated(TotalTimeoutFor(request, requestId, attempt - 1), request, attempt - 1, earlierMayHaveApplied);
                }

                RequestBudget budget = _budget;
                TimeSpan beforeTurn = call.Elapsed;
                TimeSpan sentAt = await TakeTurnAsync(budget, request, requestId, attempt, earlierMayHaveApplied, log, cancellationToken).ConfigureAwait(false);
                turnWaits += call.Elapsed - beforeTurn;
                bool rateLimited = false;

                // The operation's deadline counts every wait, the budget's included.
                if (operation != null)
                {
                    TimeSpan operationLeft = Options.OperationTimeout - operation.Elapsed(Options.Clock);
                    if (operationLeft <= TimeSpan.Zero)
                    {
                        throw Annotated(OperationTimedOut(request), request, Math.Max(1, attempt - 1), earlierMayHaveApplied);
                    }

                    left = operationLeft < left ? operationLeft : left;
                }

                // Outside the try: a failed OAuth exchange is its own request's failure, passed on as it is.
                AuthenticationHeaderValue? authorization = await AuthorizationForAsync(request, log, cancellationToken).ConfigureAwait(false);
                try
                {
                    T result = await SendOnceAsync(request, authorization, requestId, attempt, left, readBody, log, cancellationToken).ConfigureAwait(false);
                    budget.OnAnswered(sentAt);
                    return result;
                }
                catch (AtlanApiException e) when (e.StatusCode == 401 && authorization != null && !reauthenticated && _authentication.Rejected(authorization))
                {
                    // An OAuth bearer can expire or be revoked before its stated lifetime: one new exchange, one more try.
                    // (A 401 means the request was not applied, so even a create may be sent again.)
                    reauthenticated = true;
                    log.Verbose($"{request.Method.Method} {request.Path} was refused with 401; fetching a new bearer and trying once more.");
                    continue;
                }
                catch (RetryableStatusException e)
                {
                    failure = e.Failure;
                    retryAfter = e.RetryAfter;
                    rateLimited = e.Failure.StatusCode == 429;
                }
                catch (AtlanTransportException e) when (IsRetryable(e, request.RetryMode))
                {
                    failure = e;
                }
                catch (AtlanException e) when (Annotate(e, request, attempt, earlierMayHaveApplied))
                {
                    throw; // never reached: Annotate only records the attempt on the exception as it passes
                }

                Annotate(failure, request, attempt, earlierMayHaveApplied);
                earlierMayHaveApplied |= failure.MayHaveBeenApplied;

                if (rateLimited)
                {
                    // A 429 applied nothing: retried for time, not for a count. The wait is the budget's pause, which
                    // holds every request on this tenant and key, so the next turn comes after it.
                    budget.OnRateLimited(sentAt, retryAfter, log);
                    rateLimitedSince ??= Options.Clock.StartWatch();
                    if (rateLimitedSince.Elapsed >= Options.RateLimitPatience)
                    {
                        log.Verbose($"Giving up on {request.Method} {request.Path}: still rate limited (429) after {rateLimitedSince.Elapsed.TotalSeconds:0} s and {attempt} attempts.");
                        throw failure;
                    }

                    rateLimitedAttempts++;
                    log.Verbose($"Retrying {request.Method} {request.Path} when the request budget allows (rate limited for {rateLimitedSince.Elapsed.TotalSeconds:0} s of at most {Options.RateLimitPatience.TotalSeconds:0} s): {failure.Message}");
                    continue;
                }

                if (retryAfter.HasValue)
                {
                    budget.OnRetryAfter(retryAfter.Value, log);
                }

                int counted = attempt - rateLimitedAttempts;
                TimeSpan delay = BackoffDelay(counted, retryAfter);
                if (counted > Options.MaxRetries || waited + delay > Options.MaxTotalRetryWait || call.Elapsed - turnWaits + delay >= Options.TotalTimeout
                    || (operation != null && operation.Elapsed(Options.Clock) + delay >= Options.OperationTimeout))
                {
                    if (attempt > 1)
                    {
                        log.Verbose($"Giving up on {request.Method} {request.Path} after {attempt} attempts.");
                    }

                    throw failure;
                }

                log.Verbose($"Retrying {request.Method} {request.Path} in {delay.TotalMilliseconds:0} ms (attempt {counted + 1} of {Options.MaxRetries + 1}): {failure.Message}");
                waited += delay;
                using (var pause = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token))
                {
                    try
                    {
                        await Options.Clock.DelayAsync(delay, pause.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw Annotated(SessionClosed(request, requestId, failure.MayHaveBeenApplied), request, attempt, earlierMayHaveApplied);
                    }
                }
            }
        }

        /// <summary>Waits for this attempt's turn in the request budget; returns when it was sent (for the budget's bookkeeping).</summary>
        private async Task<TimeSpan> TakeTurnAsync(RequestBudget budget, AtlanRequest request, string requestId, int attempt, bool earlierMayHaveApplied, IAtlanLog log, CancellationToken cancellationToken)
        {
            using var turn = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
            try
            {
                return await budget.AcquireAsync(log, turn.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw Annotated(SessionClosed(request, requestId, false), request, attempt, earlierMayHaveApplied);
            }
        }

        private static AtlanException Annotated(AtlanException e, AtlanRequest request, int attempt, bool earlierMayHaveApplied)
        {
            Annotate(e, request, Math.Max(1, attempt), earlierMayHaveApplied);
            return e;
        }

        /// <summary>Closes the session's client: every call in flight, in any runspace, ends with AtlanSessionClosed.</summary>
        public void Close()
        {
            try
            {
                _closed.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        public bool IsClosed => _closed.IsCancellationRequested;

        private AtlanSessionClosedException SessionClosed(AtlanRequest request, string requestId, bool mayHaveBeenApplied)
            => new AtlanSessionClosedException(
                $"The session to {BaseUri.GetLeftPart(UriPartial.Authority)} was closed (disconnected) during {request.Method.Method} {request.Path}{(mayHaveBeenApplied ? "; the request may have been applied before that" : string.Empty)} (request id {requestId}).",
                request.Method.Method,
                request.Path,
                requestId,
                mayHaveBeenApplied);

        private AtlanOperationTimeoutException OperationTimedOut(AtlanRequest request)
            => new AtlanOperationTimeoutException(
                $"The operation used up its overall time of {Options.OperationTimeout.TotalSeconds:0} s (Connect-AtlanTenant -TotalTimeoutSec, which bounds all the requests of one cmdlet call for one item) before {request.Method.Method} {request.Path} on {BaseUri.GetLeftPart(UriPartial.Authority)}; that request was not sent.",
                request.Method.Method,
                request.Path);

        private AtlanTransportException TotalTimeoutFor(AtlanRequest request, string requestId, int attempts)
            => new AtlanTransportException(
                $"{request.Method.Method} {request.Path} on {BaseUri.GetLeftPart(UriPartial.Authority)} did not complete within its total time of {Options.TotalTimeout.TotalSeconds:0} s over {Math.Max(1, attempts)} attempt(s) (request id {requestId}).",
                request.Method.Method,
                request.Path,
                requestId,
                TransportFailure.Timeout,
                null);

        /// <summary>The header a request carries: none for the OAuth exchange, the caller's bearer, else the session's.</summary>
        private async Task<AuthenticationHeaderValue?> AuthorizationForAsync(AtlanRequest request, IAtlanLog log, CancellationToken cancellationToken)
        {
            if (request.Anonymous || request.BearerOverride != null)
            {
                return null;
            }

            if (_closed.IsCancellationRequested)
            {
                throw SessionClosed(request, Guid.NewGuid().ToString(), false);
            }

            using var closing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
            try
            {
                return await _authentication.HeaderAsync(this, log, closing.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && _closed.IsCancellationRequested)
            {
                // Disconnected while waiting for another request's OAuth exchange.
                throw SessionClosed(request, Guid.NewGuid().ToString(), false);
            }
        }

        private async Task<T> SendOnceAsync<T>(AtlanRequest request, AuthenticationHeaderValue? authorization, string requestId, int attempt, TimeSpan left, Func<Stream, CancellationToken, Task<T>> readBody, IAtlanLog log, CancellationToken cancellationToken)
        {
            if (_closed.IsCancellationRequested)
            {
                throw SessionClosed(request, requestId, false);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
            bool cappedByTotal = left < Options.RequestTimeout;
            timeout.CancelAfter(cappedByTotal ? left : Options.RequestTimeout);
            using var message = BuildMessage(request, authorization, requestId);
            var stopwatch = Stopwatch.StartNew(); // the real duration of this HTTP exchange, for the verbose line only
            string method = request.Method.Method;
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && (e is OperationCanceledException || e is HttpRequestException || e is IOException || e is ObjectDisposedException))
            {
                throw FailureFor(e, request, requestId, timeout.IsCancellationRequested, cappedByTotal, attempt, mayHaveBeenApplied: true);
            }

            using (response)
            {
                int status = (int)response.StatusCode;
                log.Verbose($"{method} {request.PathAndQuery} -> {status} in {stopwatch.ElapsedMilliseconds} ms (request id {requestId}{(attempt > 1 ? ", attempt " + attempt : string.Empty)})");
                if (status == 200)
                {
                    try
                    {
                        using var body = new BoundedReadStream(
                            await response.Content.ReadAsStreamAsync().ConfigureAwait(false),
                            Options.MaxResponseBytes,
                            () => TooLarge(request, requestId));
                        return await readBody(body, timeout.Token).ConfigureAwait(false);
                    }
                    catch (JsonException e)
                    {
                        throw new AtlanResponseException(
                            $"Atlan answered {method} {request.Path} with a body that is not the JSON expected ({e.Message}) (request id {requestId}).",
                            method, request.Path, requestId, e);
                    }
                    catch (FormatException e)
                    {
                        throw new AtlanResponseException(
                            $"Atlan answered {method} {request.Path} with a body this module cannot read: {e.Message} (request id {requestId}).",
                            method, request.Path, requestId, e);
                    }
                    catch (Exception e) when (!cancellationToken.IsCancellationRequested && (e is OperationCanceledException || e is HttpRequestException || e is IOException || e is ObjectDisposedException))
                    {
                        throw FailureFor(e, request, requestId, timeout.IsCancellationRequested, cappedByTotal, attempt, mayHaveBeenApplied: true);
                    }
                    catch (Exception e) when (!(e is AtlanException) && !(e is OperationCanceledException))
                    {
                        // Anything else a body can provoke (invalid UTF-8, a number out of range, ...) is still this
                        // module's failure, with the request it belongs to.
                        throw new AtlanResponseException(
                            $"Atlan answered {method} {request.Path} with a body this module cannot read: {e.Message} (request id {requestId}).",
                            method, request.Path, requestId, e);
                    }
                }

                AtlanApiException error = await ReadErrorAsync(response, request, requestId, SecretsOf(request, message), timeout.Token).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                if (_closed.IsCancellationRequested)
                {
                    throw SessionClosed(request, requestId, error.MayHaveBeenApplied);
                }
                if (IsRetryableStatus(status, request.RetryMode))
                {
                    throw new RetryableStatusException(error, RetryAfterOf(response));
                }

                throw error;
            }
        }

        private AtlanResponseException TooLarge(AtlanRequest request, string requestId)
            => new AtlanResponseException(
                $"The answer of {BaseUri.GetLeftPart(UriPartial.Authority)} to {request.Method.Method} {request.Path} is larger than the cap of {Options.MaxResponseBytes:N0} bytes (counted after decompression), so reading it was stopped (request id {requestId}).",
                request.Method.Method,
                request.Path,
                requestId,
                null,
                AtlanResponseException.TooLargeId);

        private static bool Annotate(AtlanException e, AtlanRequest request, int attempt, bool earlierMayHaveApplied)
        {
            e.SentWithBearerOverride = request.BearerOverride != null;
            e.Attempt = attempt;
            e.EarlierAttemptMayHaveApplied = earlierMayHaveApplied;
            return false;
        }

        private static HttpRequestMessage BuildMessage(AtlanRequest request, AuthenticationHeaderValue? authorization, string requestId)
        {
            var message = new HttpRequestMessage(request.Method, request.PathAndQuery.TrimStart('/'));
            var headers = message.Headers;
            headers.Authorization = request.BearerOverride != null
                ? new AuthenticationHeaderValue("Bearer", SecretText.Reveal(request.BearerOverride))
                : authorization;
            headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            headers.TryAddWithoutValidation("User-Agent", "AtlanTokens-PowerShell/" + ModuleVersion);
            headers.TryAddWithoutValidation("x-atlan-agent", "sdk");
            headers.TryAddWithoutValidation("x-atlan-agent-id", "powershell");
            headers.TryAddWithoutValidation("x-atlan-client-origin", "product_sdk");
            headers.TryAddWithoutValidation("X-Atlan-Request-Id", requestId);
            if (request.Body != null)
            {
                var content = new ByteArrayContent(request.Body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                message.Content = content;
            }

            return message;
        }

        private static bool IsRetryableStatus(int status, RetryMode mode)
            => status == 429 || (mode == RetryMode.Idempotent && (status == 502 || status == 503 || status == 504));

        private static bool IsRetryable(AtlanTransportException e, RetryMode mode)
            => (e.Failure == TransportFailure.Unreachable && IsTransient(e.InnerException))
               || (mode == RetryMode.Idempotent && e.Failure == TransportFailure.ConnectionLost);

        /// <summary>A refused connection or a temporary DNS failure may pass; an unknown host or a TLS failure will not.</summary>
        private static bool IsTransient(Exception? e)
            => FindInner<SocketException>(e) is SocketException socket
                ? socket.SocketErrorCode == SocketError.ConnectionRefused || socket.SocketErrorCode == SocketError.TryAgain
                : FindInner<WebException>(e)?.Status == WebExceptionStatus.ConnectFailure;

        private TimeSpan BackoffDelay(int attempt, TimeSpan? retryAfter)
        {
            double capMs = Math.Min(Options.MaxRetryDelay.TotalMilliseconds, Options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
            double factor;
            lock (_jitter)
            {
                factor = 0.5 + (_jitter.NextDouble() * 0.5);
            }

            var backoff = TimeSpan.FromMilliseconds(capMs * factor);
            return retryAfter.HasValue && retryAfter.Value > backoff ? retryAfter.Value : backoff;
        }

        private TimeSpan? RetryAfterOf(HttpResponseMessage response)
        {
            RetryConditionHeaderValue? header = response.Headers.RetryAfter;
            if (header?.Delta is TimeSpan delta)
            {
                return delta;
            }

            if (header?.Date is DateTimeOffset date)
            {
                TimeSpan until = date - Options.Clock.UtcNow;
                return until > TimeSpan.Zero ? until : TimeSpan.Zero;
            }

            return null;
        }

        /// <summary>A failure while sending or reading: the session closed, the call's total time ran out, or a transport failure.</summary>
        private AtlanException FailureFor(Exception e, AtlanRequest request, string requestId, bool timedOut, bool cappedByTotal, int attempt, bool mayHaveBeenApplied)
        {
            if (_closed.IsCancellationRequested)
            {
                return SessionClosed(request, requestId, mayHaveBeenApplied && !(e is HttpRequestException && IsSocketLevel(e)));
            }

            if (timedOut && cappedByTotal)
            {
                AtlanTransportException total = TotalTimeoutFor(request, requestId, attempt);
                return total;
            }

            return TransportFailureFor(e, request, requestId, timedOut);
        }

        private AtlanTransportException TransportFailureFor(Exception e, AtlanRequest request, string requestId, bool timedOut)
        {
            string method = request.Method.Method;
            if (timedOut || e is OperationCanceledException)
            {
                return new AtlanTransportException(
                    $"{method} {request.Path} on {BaseUri.GetLeftPart(UriPartial.Authority)} got no complete answer within the timeout of {Options.RequestTimeout.TotalSeconds:0} s (request id {requestId}).",
                    method, request.Path, requestId, TransportFailure.Timeout, e);
            }

            string detail = InnermostMessage(e);
            if (FindInner<System.Security.Authentication.AuthenticationException>(e) != null)
            {
                return new AtlanTransportException(
                    $"The TLS connection to {BaseUri.GetLeftPart(UriPartial.Authority)} failed, so nothing was sent: {detail} Check that the tenant's certificate is trusted by this machine (request id {requestId}).",
                    method, request.Path, requestId, TransportFailure.Unreachable, e);
            }

            if (IsSocketLevel(e))
            {
                return new AtlanTransportException(
                    $"Could not reach the Atlan tenant at {BaseUri.GetLeftPart(UriPartial.Authority)}: {detail} (request id {requestId}).",
                    method, request.Path, requestId, TransportFailure.Unreachable, e);
            }

            return new AtlanTransportException(
                $"The connection to {BaseUri.GetLeftPart(UriPartial.Authority)} broke during {method} {request.Path} before a complete answer arrived: {detail} (request id {requestId}).",
                method, request.Path, requestId, TransportFailure.ConnectionLost, e);
        }

        /// <summary>True when the failure happened while connecting, so nothing reached the server.</summary>
        private static bool IsSocketLevel(Exception? e)
        {
            if (FindInner<SocketException>(e) is SocketException socket)
            {
                switch (socket.SocketErrorCode)
                {
                    case SocketError.ConnectionRefused:
                    case SocketError.HostNotFound:
                    case SocketError.HostUnreachable:
                    case SocketError.NetworkUnreachable:
                    case SocketError.TryAgain:
                    case SocketError.NoData:
                    case SocketError.AddressNotAvailable:
                        return true;
                }
            }

            if (FindInner<WebException>(e) is WebException web)
            {
                return web.Status == WebExceptionStatus.ConnectFailure || web.Status == WebExceptionStatus.NameResolutionFailure;
            }

            return false;
        }

        private static TException? FindInner<TException>(Exception? e)
            where TException : Exception
        {
            for (Exception? current = e; current != null; current = current.InnerException)
            {
                if (current is TException found)
                {
                    return found;
                }
            }

            return null;
        }

        private static string InnermostMessage(Exception e)
        {
            Exception current = e;
            while (current.InnerException != null)
            {
                current = current.InnerException;
            }

            string text = current.Message.Trim();
            return text.EndsWith(".", StringComparison.Ordinal) ? text : text + ".";
        }

        /// <summary>Every secret this request knows: the key it carried, the session's key, and any the caller added.</summary>
        private SecretMask SecretsOf(AtlanRequest request, HttpRequestMessage message)
        {
            var secrets = new System.Collections.Generic.List<string?> { message.Headers.Authorization?.Parameter };
            secrets.AddRange(_authentication.Secrets());
            if (request.SecretsInFlight != null)
            {
                secrets.AddRange(request.SecretsInFlight);
            }

            return new SecretMask(secrets);
        }

        private async Task<AtlanApiException> ReadErrorAsync(HttpResponseMessage response, AtlanRequest request, string requestId, SecretMask secrets, CancellationToken cancellationToken)
        {
            byte[] bytes;
            try
            {
                bytes = await ReadBoundedAsync(response, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException || e is HttpRequestException || e is OperationCanceledException)
            {
                // The status is what matters; a body that breaks off or does not arrive within the timeout is left out.
                // (A Ctrl+C is still seen: the caller's token is checked right after.)
                bytes = Array.Empty<byte>();
            }

            string? mediaType = response.Content?.Headers.ContentType?.MediaType;
            return AtlanErrorBody.ToException(
                (int)response.StatusCode,
                response.ReasonPhrase,
                request.Method.Method,
                request.Path,
                requestId,
                bytes,
                mediaType,
                BaseUri.GetLeftPart(UriPartial.Authority),
                secrets);
        }

        private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            if (response.Content == null)
            {
                return Array.Empty<byte>();
            }

            using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while (buffer.Length < MaxErrorBodyBytes && (read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }

        private static HttpMessageHandler CreateHandler()
        {
            PlatformTls.EnsureTls12();
            return new HttpClientHandler
            {
                AllowAutoRedirect = false, // a redirect would re-send the bearer token somewhere else
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                UseCookies = false,
            };
        }

        public void Dispose()
        {
            Close();
            _http.Dispose();
        }

        /// <summary>Carries a retryable Atlan error out of one attempt, with the server's Retry-After.</summary>
        private sealed class RetryableStatusException : Exception
        {
            public RetryableStatusException(AtlanApiException failure, TimeSpan? retryAfter)
                : base(failure.Message)
            {
                Failure = failure;
                RetryAfter = retryAfter;
            }

            public AtlanApiException Failure { get; }

            public TimeSpan? RetryAfter { get; }
        }
    }
}
