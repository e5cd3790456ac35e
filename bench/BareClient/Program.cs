using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;

namespace BareClient;

/// <summary>
/// The benchmark's "physical limit": one HttpClient, the same requests, headers and auth the module sends, and
/// System.Text.Json parsing straight from the response stream into minimal records. No retries, no logging,
/// no error mapping. Prints one JSON line of timings (ms) per run.
///
///   BareClient --url U --key K --mode list   [--page-size 500] [--reps 5] [--warmup 1]
///   BareClient --url U --key K --mode guid   [--count 1000] [--reps 3] [--warmup 1]
///   BareClient --url U --key K --mode delete [--prefix load-] [--warmup-prefix warm-]
///   BareClient --url U --key K --mode update [--prefix load-] [--persona QN] [--warmup-prefix warm-]
///   ... [--rate N]: every request paced at exactly N a second (the paced client of bench/Invoke-RateLimitBenchmark.ps1);
///   a 429 is counted and the request sent again in the next slot
/// </summary>
public static class Program
{
    private const string ApiKeys = "api/service/apikeys";

    public static async Task<int> Main(string[] args)
    {
        var o = Options.Parse(args);
        HttpMessageHandler handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = System.Net.DecompressionMethods.GZip | System.Net.DecompressionMethods.Deflate };
        PacedHandler? paced = o.Rate > 0 ? new PacedHandler(handler, o.Rate) : null;
        using var http = new HttpClient(paced ?? handler)
        {
            BaseAddress = new Uri(o.Url.TrimEnd('/') + "/"),
            Timeout = TimeSpan.FromSeconds(100),
        };
        var auth = new AuthenticationHeaderValue("Bearer", o.Key);
        var bare = new Bare(http, auth);

        var result = new Dictionary<string, object>();
        switch (o.Mode)
        {
            case "list":
            {
                var total = new List<double>();
                var first = new List<double>();
                int count = 0;
                for (int i = 0; i < o.Warmup + o.Reps; i++)
                {
                    var sw = Stopwatch.StartNew();
                    double firstMs = -1;
                    count = 0;
                    await foreach (var page in bare.ListAsync(o.PageSize))
                    {
                        if (firstMs < 0) firstMs = sw.Elapsed.TotalMilliseconds;
                        count += page.Count;
                    }
                    if (i >= o.Warmup) { total.Add(sw.Elapsed.TotalMilliseconds); first.Add(firstMs); }
                }
                result["count"] = count; result["totalMs"] = total; result["firstPageMs"] = first;
                break;
            }
            case "guid":
            {
                var guids = new List<string>();
                await foreach (var page in bare.ListAsync(500))
                {
                    guids.AddRange(page.Select(r => r.Id!));
                    if (guids.Count >= o.Count) break;
                }
                guids = guids.Take(o.Count).ToList();
                var times = new List<double>();
                for (int i = 0; i < o.Warmup + o.Reps; i++)
                {
                    var sw = Stopwatch.StartNew();
                    foreach (string g in guids)
                    {
                        var found = await bare.GetByGuidAsync(g);
                        if (found == null) throw new InvalidOperationException("not found: " + g);
                    }
                    if (i >= o.Warmup) times.Add(sw.Elapsed.TotalMilliseconds);
                }
                result["count"] = guids.Count; result["totalMs"] = times;
                break;
            }
            case "delete":
            case "update":
            {
                if (o.WarmupPrefix != null)
                {
                    await BulkAsync(bare, o, o.WarmupPrefix);
                }
                var sw = Stopwatch.StartNew();
                int n = await BulkAsync(bare, o, o.Prefix);
                result["count"] = n; result["totalMs"] = new[] { sw.Elapsed.TotalMilliseconds };
                break;
            }
            default:
                Console.Error.WriteLine("unknown mode " + o.Mode);
                return 2;
        }

        if (paced != null)
        {
            result["requests"] = paced.Requests;
            result["rateLimited"] = paced.RateLimited;
        }

        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    /// <summary>What the module's pipeline does: list every token, keep the prefix, then delete or read-modify-write each.</summary>
    private static async Task<int> BulkAsync(Bare bare, Options o, string prefix)
    {
        var targets = new List<Rec>();
        await foreach (var page in bare.ListAsync(500))
        {
            targets.AddRange(page.Where(r => r.DisplayName != null && r.DisplayName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)));
        }
        async Task OneAsync(Rec t)
        {
            if (o.Mode == "delete")
            {
                await bare.DeleteAsync(t.Id!);
            }
            else
            {
                var current = await bare.GetByGuidAsync(t.Id!) ?? throw new InvalidOperationException("gone: " + t.Id);
                var personas = current.Attributes?.Personas?.Select(p => p.QualifiedName!).Where(q => q != null).ToList() ?? new List<string>();
                if (!personas.Contains(o.Persona)) personas.Add(o.Persona);
                await bare.UpdateAsync(current.Id!, current.DisplayName ?? "", current.Attributes?.Description ?? "", personas);
            }
        }

        if (o.Rate > 0)
        {
            // Paced: the schedule, not the round trip, sets the speed, so several items are in flight at once.
            await Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (t, _) => await OneAsync(t));
        }
        else
        {
            foreach (var t in targets)
            {
                await OneAsync(t);
            }
        }

        return targets.Count;
    }

    private sealed class Options
    {
        public string Url = "", Key = "", Mode = "list", Prefix = "load-", Persona = "default/GMbJmTPSIAoCLrZ3aWZkSB";
        public string? WarmupPrefix;
        public int PageSize = 500, Reps = 5, Warmup = 1, Count = 1000;
        public double Rate;

        public static Options Parse(string[] args)
        {
            var o = new Options();
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                string v = args[i + 1];
                switch (args[i])
                {
                    case "--url": o.Url = v; break;
                    case "--key": o.Key = v; break;
                    case "--mode": o.Mode = v; break;
                    case "--prefix": o.Prefix = v; break;
                    case "--warmup-prefix": o.WarmupPrefix = v; break;
                    case "--persona": o.Persona = v; break;
                    case "--page-size": o.PageSize = int.Parse(v, CultureInfo.InvariantCulture); break;
                    case "--reps": o.Reps = int.Parse(v, CultureInfo.InvariantCulture); break;
                    case "--warmup": o.Warmup = int.Parse(v, CultureInfo.InvariantCulture); break;
                    case "--count": o.Count = int.Parse(v, CultureInfo.InvariantCulture); break;
                    case "--rate": o.Rate = double.Parse(v, CultureInfo.InvariantCulture); break;
                    default: throw new ArgumentException("unknown option " + args[i]);
                }
            }
            if (o.Key.Length == 0) o.Key = Environment.GetEnvironmentVariable("ATLAN_API_KEY") ?? "";
            if (o.Url.Length == 0) o.Url = Environment.GetEnvironmentVariable("ATLAN_BASE_URL") ?? "";
            return o;
        }
    }
}

internal sealed class Bare(HttpClient http, AuthenticationHeaderValue auth)
{
    private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");

    private HttpRequestMessage Message(HttpMethod method, string uri)
    {
        // The same headers as the module: auth, Accept, User-Agent, the x-atlan-* agent headers and a request id.
        var m = new HttpRequestMessage(method, uri);
        m.Headers.Authorization = auth;
        m.Headers.Accept.Add(Json);
        m.Headers.TryAddWithoutValidation("User-Agent", "AtlanTokens-Bench/1.0");
        m.Headers.TryAddWithoutValidation("x-atlan-agent", "sdk");
        m.Headers.TryAddWithoutValidation("x-atlan-agent-id", "powershell");
        m.Headers.TryAddWithoutValidation("x-atlan-client-origin", "product_sdk");
        m.Headers.TryAddWithoutValidation("X-Atlan-Request-Id", Guid.NewGuid().ToString());
        return m;
    }

    private async Task<Page> GetPageAsync(string uri)
    {
        using var m = Message(HttpMethod.Get, uri);
        using var r = await http.SendAsync(m, HttpCompletionOption.ResponseHeadersRead);
        r.EnsureSuccessStatusCode();
        await using var s = await r.Content.ReadAsStreamAsync();
        return await JsonSerializer.DeserializeAsync(s, BareJson.Default.Page) ?? throw new InvalidOperationException("null page");
    }

    public async IAsyncEnumerable<List<Rec>> ListAsync(int pageSize)
    {
        int offset = 0;
        while (true)
        {
            var page = await GetPageAsync($"{ApiKeysPath}?count=true&offset={offset}&limit={pageSize}&sort=createdAt");
            var records = page.Records ?? new List<Rec>();
            if (records.Count == 0) yield break;
            yield return records;
            offset += records.Count;
            if (page.FilterRecord is long total && offset >= total) yield break;
        }
    }

    private const string ApiKeysPath = "api/service/apikeys";

    public async Task<Rec?> GetByGuidAsync(string guid)
    {
        string filter = Uri.EscapeDataString("{\"id\":\"" + guid + "\"}");
        var page = await GetPageAsync($"{ApiKeysPath}?count=true&offset=0&limit=50&sort=createdAt&filter={filter}");
        return page.Records?.FirstOrDefault();
    }

    public async Task DeleteAsync(string guid)
    {
        using var m = Message(HttpMethod.Delete, $"{ApiKeysPath}/{Uri.EscapeDataString(guid)}");
        using var r = await http.SendAsync(m, HttpCompletionOption.ResponseHeadersRead);
        r.EnsureSuccessStatusCode();
        await r.Content.CopyToAsync(System.IO.Stream.Null);
    }

    public async Task<Rec> UpdateAsync(string guid, string displayName, string description, List<string> personaQualifiedNames)
    {
        using var m = Message(HttpMethod.Post, $"{ApiKeysPath}/{Uri.EscapeDataString(guid)}");
        var body = new UpdateBody(displayName, description, Array.Empty<string>(), personaQualifiedNames);
        m.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, BareJson.Default.UpdateBody));
        m.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var r = await http.SendAsync(m, HttpCompletionOption.ResponseHeadersRead);
        r.EnsureSuccessStatusCode();
        await using var s = await r.Content.ReadAsStreamAsync();
        return await JsonSerializer.DeserializeAsync(s, BareJson.Default.Rec) ?? throw new InvalidOperationException("null record");
    }
}

internal sealed class Page
{
    [JsonPropertyName("totalRecord")] public long? TotalRecord { get; set; }
    [JsonPropertyName("filterRecord")] public long? FilterRecord { get; set; }
    [JsonPropertyName("records")] public List<Rec>? Records { get; set; }
}

internal sealed class Rec
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("clientId")] public string? ClientId { get; set; }
    [JsonPropertyName("displayName")] public string? DisplayName { get; set; }
    [JsonPropertyName("attributes")] public Attrs? Attributes { get; set; }
}

internal sealed class Attrs
{
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("createdBy")] public string? CreatedBy { get; set; }
    [JsonPropertyName("createdAt")] public string? CreatedAt { get; set; }
    [JsonPropertyName("access.token.lifespan")] public string? Lifespan { get; set; }
    [JsonPropertyName("personaQualifiedName")] public List<PersonaRef>? Personas { get; set; }
}

internal sealed class PersonaRef
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("persona")] public string? Persona { get; set; }
    [JsonPropertyName("personaQualifiedName")] public string? QualifiedName { get; set; }
}

internal sealed record UpdateBody(
    [property: JsonPropertyName("displayName")] string DisplayName,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("personas")] string[] Personas,
    [property: JsonPropertyName("personaQualifiedNames")] List<string> PersonaQualifiedNames);

[JsonSerializable(typeof(Page))]
[JsonSerializable(typeof(UpdateBody))]
[JsonSerializable(typeof(Rec))]
internal sealed partial class BareJson : JsonSerializerContext
{
}

/// <summary>Sends each request in its slot of an exact schedule (N a second); a 429 is counted and sent again in the next slot.</summary>
internal sealed class PacedHandler : DelegatingHandler
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly TimeSpan interval;
    private readonly object gate = new();
    private TimeSpan next;
    private long requests;
    private long rateLimited;

    public PacedHandler(HttpMessageHandler inner, double perSecond)
        : base(inner)
    {
        interval = TimeSpan.FromSeconds(1 / perSecond);
    }

    public long Requests => Interlocked.Read(ref requests);

    public long RateLimited => Interlocked.Read(ref rateLimited);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan slot;
            lock (gate)
            {
                TimeSpan now = clock.Elapsed;
                slot = next > now ? next : now;
                next = slot + interval;
            }

            TimeSpan wait = slot - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            Interlocked.Increment(ref requests);
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
            if ((int)response.StatusCode != 429)
            {
                return response;
            }

            Interlocked.Increment(ref rateLimited);
            response.Dispose();
        }
    }
}
