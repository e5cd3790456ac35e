using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AtlanTokens.Emulator.Auth;
using AtlanTokens.Emulator.Errors;
using AtlanTokens.Emulator.Faults;
using AtlanTokens.Emulator.State;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace AtlanTokens.Emulator.Hosting;

/// <summary>
/// Front door of every /api request, in this order: record it, apply the tenant-wide rate limit, fire an armed fault,
/// authenticate, run the endpoint, and turn refusals into Atlan-shaped error bodies.
/// </summary>
internal sealed class ApiGatewayMiddleware
{
    private const string HtmlTemplate = "<html>\r\n<head><title>{0}</title></head>\r\n<body>\r\n<center><h1>{0}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    private const string MalformedJson = "{\"totalRecord\": 3, \"filterRecord\": 3, \"records\": [{\"id\": \"5f0c2a1e-";

    /// <summary>HttpContext.Items key: the endpoint answers 502 now and applies its change this much later.</summary>
    public const string CommitLaterKey = "emulator.commitLater";

    private static readonly byte[] InvalidUtf8Marker = Encoding.UTF8.GetBytes("~~bad-utf8~~");
    private static readonly Lazy<byte[]> MegabyteOfPadding = new(() => GzipMember(new string('x', 1024 * 1024)));

    private readonly RequestDelegate next;
    private readonly EmulatorServices services;
    private readonly ILogger<ApiGatewayMiddleware> logger;

    public ApiGatewayMiddleware(RequestDelegate next, EmulatorServices services, ILogger<ApiGatewayMiddleware> logger)
    {
        this.next = next;
        this.services = services;
        this.logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }

        services.Stats.CountRequest();
        JsonObject record = await StartRecordAsync(context);
        bool logged = false;
        void Log()
        {
            if (logged)
            {
                return;
            }

            logged = true;
            record["caller"] = CallerContext.Find(context)?.Username;
            record["status"] ??= context.Response.StatusCode;
            services.Requests.Add(record);
        }

        // Logged before the answer's headers leave, so a client that has its answer always finds the request in the log.
        context.Response.OnStarting(() =>
        {
            Log();
            return Task.CompletedTask;
        });
        try
        {
            await HandleAsync(context, record, Log);
        }
        finally
        {
            Log();
        }
    }

    private async Task HandleAsync(HttpContext context, JsonObject record, Action logNow)
    {
        if (!services.RateLimiter.TryAcquire(out int retryAfter))
        {
            switch (services.RateLimiter.Shape)
            {
                case RateLimitShape.Gateway:
                    // nginx's limit_req page: HTML, no Retry-After.
                    context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    context.Response.ContentType = "text/html";
                    await context.Response.WriteAsync(string.Format(HtmlTemplate, "429 Too Many Requests"), context.RequestAborted);
                    return;
                case RateLimitShape.Window:
                    // The tenant's per-minute window: a JSON error, no Retry-After.
                    await ServiceErrorBody.WriteAsync(context, StatusCodes.Status429TooManyRequests, 1, "Rate limit exceeded: too many requests in this minute; wait and retry.");
                    return;
                default:
                    await WriteRateLimitedAsync(context, retryAfter, "The tenant-wide request rate limit was exceeded; wait and retry.");
                    return;
            }
        }

        FaultRule? fault = services.Faults.Take(context.Request.Method, context.Request.Path.Value ?? string.Empty);
        if (fault is not null)
        {
            record["fault"] = JsonNamingPolicy.CamelCase.ConvertName(fault.Kind.ToString());
        }

        switch (fault?.Kind)
        {
            case FaultKind.Status:
                await WriteFaultStatusAsync(context, fault);
                return;
            case FaultKind.Html:
                int htmlStatus = fault.Status ?? StatusCodes.Status502BadGateway;
                context.Response.StatusCode = htmlStatus;
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync(fault.Body ?? string.Format(HtmlTemplate, $"{htmlStatus} {ReasonPhrase(htmlStatus)}"), context.RequestAborted);
                return;
            case FaultKind.Malformed:
                context.Response.StatusCode = fault.Status ?? StatusCodes.Status200OK;
                context.Response.ContentType = JsonResponse.ContentType;
                await context.Response.WriteAsync(fault.Body ?? MalformedJson, context.RequestAborted);
                return;
            case FaultKind.RateLimit:
                await WriteRateLimitedAsync(context, fault.RetryAfterSeconds, "Rate limit exceeded (injected fault).");
                return;
            case FaultKind.Drop:
                record["status"] = 0;
                logNow(); // before the connection drops: a client that saw the drop always finds the request in the log
                context.Abort();
                return;
            case FaultKind.Delay:
                try
                {
                    await Task.Delay(fault.DelayMs, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    record["status"] = 0;
                    return;
                }

                await RunApiAsync(context);
                return;
            case FaultKind.DelayAnswer:
                byte[] held = await CaptureResponseAsync(context);
                logNow(); // the answer is decided (the state read) before the delay: a test can wait for it in the request log
                try
                {
                    await Task.Delay(fault.DelayMs, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    record["status"] = 0;
                    return;
                }

                context.Response.ContentLength = held.Length;
                await context.Response.Body.WriteAsync(held, context.RequestAborted);
                return;
            case FaultKind.SearchTimeout:
                await AtlasErrorBody.WriteAsync(context, new AtlasRefusal(StatusCodes.Status429TooManyRequests, "ATLAS-400-00-502",
                    "Timed out while running the search query (injected fault)."));
                return;
            case FaultKind.AtlasUnhandled:
                await AtlasErrorBody.WriteUnhandledAsync(context, fault.Status ?? StatusCodes.Status500InternalServerError,
                    "java.lang.NullPointerException (injected fault)");
                return;
            case FaultKind.DropAfterCommit:
                await CaptureResponseAsync(context);
                record["status"] = context.Response.StatusCode;
                logNow();
                context.Abort();
                return;
            case FaultKind.GzipBomb:
                await WriteGzipBombAsync(context, fault.SizeMb);
                return;
            case FaultKind.CommitLater:
                context.Items[CommitLaterKey] = TimeSpan.FromMilliseconds(fault.DelayMs);
                await RunApiAsync(context);
                return;
            case FaultKind.RenameAfter:
                byte[] answer = await CaptureResponseAsync(context);
                RenameAsset(context.Request.Path.Value ?? string.Empty, fault.Body);
                context.Response.ContentLength = answer.Length;
                await context.Response.Body.WriteAsync(answer, context.RequestAborted);
                return;
            case FaultKind.EndlessSearch:
                await WriteEndlessSearchPageAsync(context, record["body"]);
                return;
            case FaultKind.NullRecords or FaultKind.LyingFilterRecord or FaultKind.HugeBody or FaultKind.BadRecord or FaultKind.PersonaNamesMissing:
                byte[] captured = await CaptureResponseAsync(context);
                await WriteTransformedAsync(context, captured, fault.Kind);
                return;
            default:
                await RunApiAsync(context);
                return;
        }
    }

    private async Task RunApiAsync(HttpContext context)
    {
        try
        {
            if (!Api.OAuthClientEndpoints.IsUnauthenticated(context.Request.Path))
            {
                Caller caller = services.Authenticator.Authenticate(context.Request);
                CallerContext.Set(context, caller);
            }

            await next(context);
        }
        catch (ServiceRefusalException error) when (!context.Response.HasStarted)
        {
            await ServiceErrorBody.WriteAsync(context, error);
            return;
        }
        catch (AtlasRefusal refusal) when (!context.Response.HasStarted)
        {
            await AtlasErrorBody.WriteAsync(context, refusal);
            return;
        }
        catch (Exception error) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            logger.LogWarning(error, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            await ServiceErrorBody.WriteAsync(context, StatusCodes.Status500InternalServerError, 1, "The emulator failed to process the request.");
            return;
        }

        await EmptyErrorShaping.ShapeAsync(context);
    }

    /// <summary>Runs the request with the response body kept in memory, so nothing reaches the client yet.</summary>
    private async Task<byte[]> CaptureResponseAsync(HttpContext context)
    {
        IHttpResponseBodyFeature original = context.Features.Get<IHttpResponseBodyFeature>()!;
        using var buffer = new MemoryStream();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer));
        try
        {
            await RunApiAsync(context);
        }
        finally
        {
            context.Features.Set(original);
        }

        return buffer.ToArray();
    }

    private static async Task WriteTransformedAsync(HttpContext context, byte[] captured, FaultKind kind)
    {
        JsonObject? body = null;
        if (context.Response.StatusCode == StatusCodes.Status200OK && captured.Length > 0)
        {
            try
            {
                body = JsonNode.Parse(captured) as JsonObject;
            }
            catch (JsonException)
            {
                body = null;
            }
        }

        if (body is null)
        {
            context.Response.ContentLength = captured.Length;
            await context.Response.Body.WriteAsync(captured, context.RequestAborted);
            return;
        }

        switch (kind)
        {
            case FaultKind.NullRecords when body.ContainsKey("records"):
                body["records"] = null;
                break;
            case FaultKind.LyingFilterRecord when body["filterRecord"] is JsonValue filterRecord:
                body["filterRecord"] = filterRecord.GetValue<int>() + 1000;
                break;
            case FaultKind.HugeBody:
                body["emulatorPadding"] = new string('x', Math.Max(captured.Length * 100, 64 * 1024));
                break;
            case FaultKind.PersonaNamesMissing when body["records"] is JsonArray listed:
                foreach (JsonObject attributes in listed.OfType<JsonObject>().Select(r => r["attributes"]).OfType<JsonObject>())
                {
                    string[] qualifiedNames = attributes["personaQualifiedName"] is JsonArray personas
                        ? [.. personas.Select(p => p is JsonObject o ? (string?)o["personaQualifiedName"] : (string?)p).OfType<string>()]
                        : [];
                    attributes["personaQualifiedName"] = JsonSerializer.Serialize(qualifiedNames);
                }

                break;
            case FaultKind.BadRecord when body["records"] is JsonArray records:
                records.Add(new JsonObject
                {
                    ["id"] = "00000000-0000-4000-8000-00000000bad0",
                    ["clientId"] = "apikey-00000000-0000-4000-8000-00000000bad0",
                    ["displayName"] = "~~bad-utf8~~",
                    ["attributes"] = new JsonObject { ["displayName"] = "~~bad-utf8~~" },
                });
                if (body["totalRecord"] is JsonValue total)
                {
                    body["totalRecord"] = total.GetValue<int>() + 1;
                }

                if (body["filterRecord"] is JsonValue filtered)
                {
                    body["filterRecord"] = filtered.GetValue<int>() + 1;
                }

                await WriteBytesAsync(context, ReplaceMarkers(Encoding.UTF8.GetBytes(JsonResponse.Serialize(body))));
                return;
        }

        await JsonResponse.WriteAsync(context, body);
    }

    /// <summary>Renames the asset whose GUID is the last segment of <paramref name="path"/> (as another writer would).</summary>
    private void RenameAsset(string path, string? newName)
    {
        string guid = path.TrimEnd('/').Split('/')[^1];
        services.Store.Assets.Use(assets =>
        {
            AssetEntry? asset = assets.FirstOrDefault(candidate => string.Equals(candidate.Guid, guid, StringComparison.Ordinal));
            if (asset is not null)
            {
                asset.Attributes["name"] = newName ?? asset.Name + " (renamed)";
                asset.UpdatedBy = "emulator";
                asset.UpdateTime = services.Time.GetUtcNow().ToUnixTimeMilliseconds();
                asset.QueueIndex(services.Time.GetUtcNow(), services.Store.Assets.IndexLag);
            }

            return true;
        });
    }

    /// <summary>A search page of dsl.size new hits (default 100) of the type the query asks for, and a count that never runs out.</summary>
    private static Task WriteEndlessSearchPageAsync(HttpContext context, JsonNode? request)
    {
        int size = request?["dsl"]?["size"] is JsonValue sizeValue && sizeValue.TryGetValue(out int asked) ? Math.Clamp(asked, 1, 1000) : 100;
        string typeName = FindTerm(request, "__typeName.keyword") ?? "Connection";
        var entities = new JsonArray();
        for (int i = 0; i < size; i++)
        {
            string guid = Guid.NewGuid().ToString();
            entities.Add(new JsonObject
            {
                ["typeName"] = typeName,
                ["guid"] = guid,
                ["status"] = "ACTIVE",
                ["attributes"] = new JsonObject { ["name"] = "endless-" + guid[..8], ["qualifiedName"] = "default/endless/" + guid },
            });
        }

        return JsonResponse.WriteAsync(context, new JsonObject
        {
            ["queryType"] = "INDEX",
            ["approximateCount"] = long.MaxValue / 2,
            ["entities"] = entities,
        });
    }

    private static string? FindTerm(JsonNode? node, string field) => node switch
    {
        JsonObject o when o[field] is JsonValue value && value.TryGetValue(out string? text) => text,
        JsonObject o when o[field]?["value"] is JsonValue value && value.TryGetValue(out string? text) => text,
        JsonObject o => o.Select(pair => FindTerm(pair.Value, field)).FirstOrDefault(found => found is not null),
        JsonArray a => a.Select(item => FindTerm(item, field)).FirstOrDefault(found => found is not null),
        _ => null,
    };

    /// <summary>Each marker becomes the two bytes C3 28, which are not UTF-8 (a lead byte without its continuation).</summary>
    private static byte[] ReplaceMarkers(byte[] json)
    {
        var output = new MemoryStream(json.Length);
        for (int i = 0; i < json.Length; i++)
        {
            if (json.AsSpan(i).StartsWith(InvalidUtf8Marker))
            {
                output.WriteByte(0xC3);
                output.WriteByte(0x28);
                i += InvalidUtf8Marker.Length - 1;
            }
            else
            {
                output.WriteByte(json[i]);
            }
        }

        return output.ToArray();
    }

    private static async Task WriteBytesAsync(HttpContext context, byte[] bytes)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = JsonResponse.ContentType;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    /// <summary>
    /// A 200 JSON answer sent gzip-compressed that inflates to sizeMb megabytes: concatenated gzip members (a valid
    /// gzip stream), so the emulator sends about 1 KB per megabyte and holds only one compressed megabyte.
    /// </summary>
    private static async Task WriteGzipBombAsync(HttpContext context, int sizeMb)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = JsonResponse.ContentType;
        context.Response.Headers.ContentEncoding = "gzip";
        try
        {
            await context.Response.Body.WriteAsync(GzipMember("{\"totalRecord\":0,\"filterRecord\":0,\"records\":[],\"padding\":\""), context.RequestAborted);
            byte[] megabyte = MegabyteOfPadding.Value;
            for (int i = 0; i < sizeMb; i++)
            {
                await context.Response.Body.WriteAsync(megabyte, context.RequestAborted);
            }

            await context.Response.Body.WriteAsync(GzipMember("\"}"), context.RequestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client stopped reading (as it should): nothing more to send.
        }
    }

    private static byte[] GzipMember(string text)
    {
        var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            gzip.Write(bytes, 0, bytes.Length);
        }

        return output.ToArray();
    }

    private static Task WriteFaultStatusAsync(HttpContext context, FaultRule fault)
    {
        int status = fault.Status ?? StatusCodes.Status503ServiceUnavailable;
        if (fault.Body is not null)
        {
            context.Response.StatusCode = status;
            return context.Response.WriteAsync(fault.Body, context.RequestAborted);
        }

        return ServiceErrorBody.WriteAsync(context, status, 0, $"{ReasonPhrase(status)} (injected fault).");
    }

    private static Task WriteRateLimitedAsync(HttpContext context, int retryAfterSeconds, string message)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ServiceErrorBody.WriteAsync(context, StatusCodes.Status429TooManyRequests, 1, message);
    }

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";

    private static async Task<JsonObject> StartRecordAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        var query = new JsonObject();
        foreach (var pair in request.Query)
        {
            query[pair.Key] = pair.Value.Count == 1
                ? pair.Value[0]
                : new JsonArray([.. pair.Value.Select(value => (JsonNode?)value)]);
        }

        var headers = new JsonObject();
        foreach (var header in request.Headers.Where(h => h.Key.StartsWith("x-atlan-", StringComparison.OrdinalIgnoreCase)
            || h.Key.Equals("accept", StringComparison.OrdinalIgnoreCase)
            || h.Key.Equals("content-type", StringComparison.OrdinalIgnoreCase)))
        {
            headers[header.Key.ToLowerInvariant()] = header.Value.ToString();
        }

        var record = new JsonObject
        {
            ["method"] = request.Method,
            ["path"] = request.Path.Value,
            ["query"] = query,
            ["body"] = null,
            ["requestId"] = RequestIdMiddleware.Get(context),
            ["userAgent"] = request.Headers.UserAgent.ToString(),
            ["headers"] = headers,
            ["authScheme"] = Authenticator.SchemeOf(request),
            ["caller"] = null,
        };

        string text = await ReadBodyTextAsync(request);
        if (text.Length > 0)
        {
            try
            {
                JsonNode? parsed = JsonNode.Parse(text);
                if (parsed is JsonObject fields && fields.ContainsKey("clientSecret"))
                {
                    fields["clientSecret"] = "***"; // the log is readable through the control API: never a secret in it
                }

                record["body"] = parsed;
            }
            catch (JsonException)
            {
                record["bodyText"] = Api.OAuthClientEndpoints.IsUnauthenticated(request.Path) ? "(not JSON; not recorded: it may hold a secret)" : text;
            }
        }

        return record;
    }

    private static async Task<string> ReadBodyTextAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        string text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        return text;
    }
}
