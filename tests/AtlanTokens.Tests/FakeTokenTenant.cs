using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace AtlanTokens.Tests
{
    /// <summary>
    /// An in-process token API (list with filter, create, delete) whose time is a <see cref="FakeClock"/>: a create can
    /// lose its answer and commit at once, later (scheduled on the clock) or never, so the create engine's recovery
    /// paths run in milliseconds. Every request is logged as "METHOD path".
    /// </summary>
    internal sealed class FakeTokenTenant : HttpMessageHandler
    {
        public const string Admin = "service-account-apikey-admin";

        private readonly FakeClock _clock;
        private readonly object _gate = new();
        private readonly Queue<Func<HttpRequestMessage, Task<HttpResponseMessage>>> _createFaults = new();
        private int _next;

        public FakeTokenTenant(FakeClock clock)
        {
            _clock = clock;
        }

        public List<FakeToken> Tokens { get; } = new();

        public List<string> Requests { get; } = new();

        /// <summary>The tenant's clock minus the module's (createdAt stamps).</summary>
        public TimeSpan Skew { get; set; }

        /// <summary>When set, every lookup (GET) fails with this status.</summary>
        public HttpStatusCode? FailLookupsWith { get; set; }

        public IReadOnlyList<string> Deleted => Requests.Where(r => r.StartsWith("DELETE", StringComparison.Ordinal)).Select(r => r.Substring(r.LastIndexOf('/') + 1)).ToList();

        public int Creates => Requests.Count(r => r == "POST /api/service/apikeys");

        public FakeToken[] Named(string name)
        {
            lock (_gate)
            {
                return Tokens.Where(t => t.DisplayName == name).ToArray();
            }
        }

        /// <summary>The next create commits <paramref name="commitAfter"/> later (zero: before the answer is lost; null: never), and its caller sees the connection break.</summary>
        public FakeTokenTenant LoseNextAnswer(TimeSpan? commitAfter)
        {
            _createFaults.Enqueue(async request =>
            {
                FakeToken token = Parse(await request.Content!.ReadAsStringAsync());
                if (commitAfter is TimeSpan after)
                {
                    _clock.At(_clock.Elapsed + after, () => Commit(token));
                }

                throw new HttpRequestException("The response ended prematurely.", new System.IO.IOException("connection reset"));
            });
            return this;
        }

        /// <summary>The next create is answered <paramref name="status"/> without committing.</summary>
        public FakeTokenTenant FailNextCreate(HttpStatusCode status)
        {
            _createFaults.Enqueue(_ => Task.FromResult(Json(status, """{"errorCode":"ATLAS-500-00-001","errorMessage":"failed"}""")));
            return this;
        }

        /// <summary>Adds a token as another writer would (now, or at <paramref name="at"/> on the clock).</summary>
        public void AddOther(FakeToken token, TimeSpan? at = null)
        {
            if (at is TimeSpan when)
            {
                _clock.At(when, () => Commit(token));
            }
            else
            {
                Commit(token);
            }
        }

        public FakeToken Commit(FakeToken token)
        {
            lock (_gate)
            {
                _next++;
                token.Guid ??= $"00000000-0000-4000-8000-{_next:D12}";
                token.ClientId ??= $"apikey-{_next:D4}";
                token.CreatedAt ??= _clock.UtcNow + Skew;
                Tokens.Add(token);
            }

            return token;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string path = request.RequestUri!.AbsolutePath;
            lock (_gate)
            {
                Requests.Add($"{request.Method} {path}");
            }

            if (request.Method == HttpMethod.Get && path == "/api/service/apikeys")
            {
                return FailLookupsWith is HttpStatusCode failing
                    ? Json(failing, """{"errorCode":"ATLAS-500-00-001","errorMessage":"lookup failed"}""")
                    : List(request.RequestUri);
            }

            if (request.Method == HttpMethod.Post && path == "/api/service/apikeys")
            {
                if (_createFaults.Count > 0)
                {
                    return await _createFaults.Dequeue()(request);
                }

                FakeToken token = Commit(Parse(await request.Content!.ReadAsStringAsync(cancellationToken)));
                return Json(HttpStatusCode.OK, Record(token, withSecret: true));
            }

            if (request.Method == HttpMethod.Delete && path.StartsWith("/api/service/apikeys/", StringComparison.Ordinal))
            {
                string guid = path.Substring(path.LastIndexOf('/') + 1);
                lock (_gate)
                {
                    Tokens.RemoveAll(t => t.Guid == guid);
                }

                return Json(HttpStatusCode.OK, "{}");
            }

            throw new InvalidOperationException($"The fake tenant does not serve {request.Method} {path}");
        }

        private HttpResponseMessage List(Uri uri)
        {
            Dictionary<string, string> query = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : string.Empty);
            int offset = query.TryGetValue("offset", out string? o) ? int.Parse(o) : 0;
            int limit = query.TryGetValue("limit", out string? l) ? int.Parse(l) : 100;
            List<FakeToken> matching;
            lock (_gate)
            {
                matching = Tokens.ToList();
            }

            if (query.TryGetValue("filter", out string? filter))
            {
                using JsonDocument f = JsonDocument.Parse(filter);
                foreach (JsonProperty p in f.RootElement.EnumerateObject())
                {
                    string value = p.Value.GetString()!;
                    matching = matching.Where(t => p.Name switch
                    {
                        "displayName" => t.DisplayName == value,
                        "id" => t.Guid == value,
                        "clientId" => t.ClientId == value,
                        _ => false,
                    }).ToList();
                }
            }

            string records = string.Join(",", matching.Skip(offset).Take(limit).Select(t => Record(t, withSecret: false)));
            return Json(HttpStatusCode.OK, $$"""{"totalRecord":{{Tokens.Count}},"filterRecord":{{matching.Count}},"records":[{{records}}]}""");
        }

        private static FakeToken Parse(string body)
        {
            using JsonDocument sent = JsonDocument.Parse(body);
            JsonElement root = sent.RootElement;
            return new FakeToken
            {
                DisplayName = root.GetProperty("displayName").GetString()!,
                Description = root.GetProperty("description").GetString() ?? string.Empty,
                Personas = root.GetProperty("personaQualifiedNames").EnumerateArray().Select(e => e.GetString()!).ToList(),
                ValiditySeconds = root.TryGetProperty("validitySeconds", out JsonElement v) ? v.GetInt64() : 157680000,
                CreatedBy = Admin,
            };
        }

        private static string Record(FakeToken t, bool withSecret)
        {
            var attributes = new Dictionary<string, object?>
            {
                ["access.token.lifespan"] = t.ValiditySeconds.ToString(),
                ["clientId"] = t.ClientId,
                ["createdAt"] = t.CreatedAt!.Value.ToUnixTimeMilliseconds().ToString(),
                ["createdBy"] = t.CreatedBy,
                ["description"] = t.Description,
                ["displayName"] = t.DisplayName,
                ["personas"] = Array.Empty<string>(),
                ["personaQualifiedName"] = t.Personas.Select(qn => new Dictionary<string, string> { ["persona"] = qn, ["personaQualifiedName"] = qn }).ToArray(),
            };
            if (withSecret)
            {
                attributes["accessToken"] = "secret-of-" + t.Guid;
            }

            return JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["id"] = t.Guid,
                ["clientId"] = t.ClientId,
                ["displayName"] = t.DisplayName,
                ["attributes"] = attributes,
            });
        }

        private static HttpResponseMessage Json(HttpStatusCode status, string body)
            => new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }

    internal sealed class FakeToken
    {
        public string? Guid { get; set; }

        public string? ClientId { get; set; }

        public string DisplayName { get; set; } = string.Empty;

        public string Description { get; set; } = string.Empty;

        public List<string> Personas { get; set; } = new();

        public long ValiditySeconds { get; set; } = 157680000;

        public string CreatedBy { get; set; } = FakeTokenTenant.Admin;

        public DateTimeOffset? CreatedAt { get; set; }
    }
}
