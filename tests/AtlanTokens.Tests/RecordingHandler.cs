using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AtlanTokens.Tests
{
    /// <summary>An HTTP handler that records each request and answers from a script, in order.</summary>
    internal sealed class RecordingHandler : HttpMessageHandler
    {
        private readonly ConcurrentQueue<Func<HttpRequestMessage, HttpResponseMessage>> _answers = new();

        public List<RecordedRequest> Requests { get; } = new();

        public RecordingHandler Answer(HttpStatusCode status, string body, string mediaType = "application/json", Action<HttpResponseMessage>? configure = null)
        {
            _answers.Enqueue(_ =>
            {
                var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
                configure?.Invoke(response);
                return response;
            });
            return this;
        }

        /// <summary>A 200 JSON answer computed from the request's body (e.g. to echo a temporary GUID).</summary>
        public RecordingHandler AnswerFrom(Func<string?, string> body)
        {
            _answers.Enqueue(request =>
            {
                string? sent = request.Content?.ReadAsStringAsync().GetAwaiter().GetResult();
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body(sent), Encoding.UTF8, "application/json") };
            });
            return this;
        }

        public RecordingHandler Throw(Exception exception)
        {
            _answers.Enqueue(_ => throw exception);
            return this;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string? body = request.Content == null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            lock (Requests)
            {
                Requests.Add(new RecordedRequest(
                    request.Method.Method,
                    request.RequestUri!,
                    body,
                    request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase),
                    request.Content?.Headers.ContentType?.ToString()));
            }

            if (!_answers.TryDequeue(out var answer))
            {
                throw new InvalidOperationException($"No scripted answer for {request.Method} {request.RequestUri}");
            }

            return answer(request);
        }
    }

    internal sealed record RecordedRequest(string Method, Uri Uri, string? Body, Dictionary<string, string> Headers, string? ContentType)
    {
        public string Path => Uri.AbsolutePath;

        public Dictionary<string, string> Query => Uri.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : string.Empty);
    }
}
