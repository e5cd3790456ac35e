using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace AtlanTokens.Emulator.Tests;

public sealed class FaultTests : EmulatorHarness
{
    private async Task ArmAsync(string kind, string? method = null, string? pathPattern = "^/api/service/apikeys$", int times = 1, int? status = null, int delayMs = 0, int retryAfterSeconds = 1, string? body = null, int skip = 0)
    {
        var fault = new JsonObject
        {
            ["kind"] = kind,
            ["method"] = method,
            ["pathPattern"] = pathPattern,
            ["times"] = times,
            ["skip"] = skip,
            ["delayMs"] = delayMs,
            ["retryAfterSeconds"] = retryAfterSeconds,
        };
        if (status is not null)
        {
            fault["status"] = status;
        }

        if (body is not null)
        {
            fault["body"] = body;
        }

        Reply reply = (await PostAsync("/_emulator/faults", fault, token: null)).AssertStatus(200);
        Assert.NotNull(reply.Object["id"]);
    }

    private async Task<int> TokenCountAsync() => (int)(await ListTokensAsync("count=true"))["totalRecord"]!;

    [Fact]
    public async Task BadRecord_AddsOneRecordWithInvalidUtf8_ToATokenListPage()
    {
        await ArmAsync("badRecord", method: "GET");
        using HttpResponseMessage response = await Http.SendAsync(Authorized(HttpMethod.Get, "/api/service/apikeys?count=true&limit=50"));
        byte[] bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Throws<System.Text.DecoderFallbackException>(() => new System.Text.UTF8Encoding(false, true).GetString(bytes));
        Assert.Contains("00000000-0000-4000-8000-00000000bad0", System.Text.Encoding.Latin1.GetString(bytes));

        // Armed once: the next page is clean.
        Assert.Equal(1, await TokenCountAsync());
    }

    [Fact]
    public async Task GzipBomb_SendsASmallGzipAnswer_ThatInflatesToTheGivenSize()
    {
        var fault = new JsonObject { ["kind"] = "gzipBomb", ["method"] = "GET", ["pathPattern"] = "^/api/service/apikeys$", ["sizeMb"] = 8 };
        (await PostAsync("/_emulator/faults", fault, token: null)).AssertStatus(200);
        using HttpResponseMessage response = await Http.SendAsync(Authorized(HttpMethod.Get, "/api/service/apikeys"));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("gzip", response.Content.Headers.ContentEncoding);
        byte[] compressed = await response.Content.ReadAsByteArrayAsync();
        Assert.True(compressed.Length < 256 * 1024, $"{compressed.Length} bytes on the wire");
        using var inflate = new System.IO.Compression.GZipStream(new System.IO.MemoryStream(compressed), System.IO.Compression.CompressionMode.Decompress);
        long inflated = 0;
        var buffer = new byte[81920];
        int read;
        while ((read = await inflate.ReadAsync(buffer)) > 0)
        {
            inflated += read;
        }

        Assert.True(inflated > 8L * 1024 * 1024, $"{inflated} bytes inflated");
    }

    [Fact]
    public async Task CommitLater_Answers502Now_WithNothingStoredYet()
    {
        // A delay no loaded machine reaches before the check; the reset at the end keeps it from landing later.
        await ArmAsync("commitLater", method: "POST", delayMs: 60000);
        (await PostAsync("/api/service/apikeys", TokenBody("late-commit"))).AssertAtlanError(502);
        string filter = "filter=" + Uri.EscapeDataString("{\"displayName\":\"late-commit\"}") + "&count=true";
        Assert.Equal(0, (int)(await ListTokensAsync(filter))["filterRecord"]!);
        (await PostAsync("/api/service/apikeys", TokenBody("now"))).AssertStatus(200); // disarmed after once
        (await PostAsync("/_emulator/reset", new JsonObject(), token: null)).AssertStatus(200);
    }

    [Fact]
    public async Task CommitLater_StoresTheTokenAfterTheDelay()
    {
        await ArmAsync("commitLater", method: "POST", delayMs: 200);
        (await PostAsync("/api/service/apikeys", TokenBody("late-commit"))).AssertAtlanError(502);
        string filter = "filter=" + Uri.EscapeDataString("{\"displayName\":\"late-commit\"}") + "&count=true";
        var wait = Stopwatch.StartNew();
        while ((int)(await ListTokensAsync(filter))["filterRecord"]! == 0 && wait.Elapsed < TimeSpan.FromSeconds(30)) // waits for the commit, bounded; asserts no timing
        {
            await Task.Delay(50);
        }

        Assert.Equal(1, (int)(await ListTokensAsync(filter))["filterRecord"]!);
    }

    [Fact]
    public async Task CommitLater_IsDroppedWhenTheEmulatorIsResetMeanwhile()
    {
        await ArmAsync("commitLater", method: "POST", delayMs: 300);
        (await PostAsync("/api/service/apikeys", TokenBody("late-then-reset"))).AssertAtlanError(502);
        (await PostAsync("/_emulator/reset", new JsonObject(), token: null)).AssertStatus(200);
        await Task.Delay(1000); // past the commit's time: it must not land
        string filter = "filter=" + Uri.EscapeDataString("{\"displayName\":\"late-then-reset\"}") + "&count=true";
        Assert.Equal(0, (int)(await ListTokensAsync(filter))["filterRecord"]!);
    }

    private static HttpRequestMessage Authorized(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminAccessToken);
        return request;
    }

    [Fact]
    public async Task Status_AnswersWithAtlanError_DoesNotApply_ThenDisarms()
    {
        await ArmAsync("status", method: "POST", status: 503);

        (await PostAsync("/api/service/apikeys", TokenBody())).AssertAtlanError(503);
        Assert.Equal(1, await TokenCountAsync());
        (await PostAsync("/api/service/apikeys", TokenBody())).AssertStatus(200);
    }

    [Fact]
    public async Task Drop_ClosesTheConnection_WithoutApplying()
    {
        await ArmAsync("drop", method: "POST");

        await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync("/api/service/apikeys", TokenBody("dropped")));

        Assert.Equal(1, await TokenCountAsync());
    }

    [Fact]
    public async Task DropAfterCommit_StoresTheToken_ButTheClientSeesAConnectionError()
    {
        await ArmAsync("dropAfterCommit", method: "POST");

        await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync("/api/service/apikeys", TokenBody("lost-response")));

        JsonObject list = await ListTokensAsync("filter=" + Uri.EscapeDataString("{\"displayName\":\"lost-response\"}"));
        Assert.Equal(1, (int)list["filterRecord"]!);
        JsonArray log = (await GetAsync("/_emulator/requests", token: null)).Json!.AsArray();
        JsonObject dropped = log.First(entry => (string?)entry!["fault"] == "dropAfterCommit")!.AsObject();
        Assert.Equal(200, (int)dropped["status"]!);
    }

    [Fact]
    public async Task Delay_WaitsThenProcesses()
    {
        await ArmAsync("delay", method: "GET", delayMs: 400);
        var watch = Stopwatch.StartNew();
        (await GetAsync("/api/service/apikeys")).AssertStatus(200);
        Assert.True(watch.ElapsedMilliseconds >= 350, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Delay_HonoursClientAbort()
    {
        await ArmAsync("delay", method: "POST", delayMs: 5000);
        using var shortClient = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromMilliseconds(300) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/service/apikeys") { Content = new StringContent(TokenBody("aborted").ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminAccessToken);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => shortClient.SendAsync(request));

        await Task.Delay(200);
        Assert.Equal(1, await TokenCountAsync());
    }

    [Fact]
    public async Task Malformed_Is200WithBrokenJson_NotApplied()
    {
        await ArmAsync("malformed", method: "POST");
        Reply reply = (await PostAsync("/api/service/apikeys", TokenBody())).AssertStatus(200);
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => reply.Json);
        Assert.Equal(1, await TokenCountAsync());
    }

    [Fact]
    public async Task Html_AnswersAnHtmlPage()
    {
        await ArmAsync("html", status: 502);
        Reply reply = (await GetAsync("/api/service/apikeys")).AssertStatus(502);
        Assert.Equal("text/html", reply.ContentType);
        Assert.Contains("<html>", reply.Text);
    }

    [Fact]
    public async Task RateLimit_Is429WithRetryAfter()
    {
        await ArmAsync("rateLimit", method: "POST", retryAfterSeconds: 7);
        Reply reply = (await PostAsync("/api/service/apikeys", TokenBody())).AssertAtlanError(429);
        Assert.Equal(7, reply.RetryAfter);
        Assert.Equal(1, await TokenCountAsync());
    }

    [Fact]
    public async Task NullRecords_AnswersRecordsNull()
    {
        await ArmAsync("nullRecords", method: "GET");
        Reply reply = (await GetAsync("/api/service/apikeys")).AssertStatus(200);
        Assert.True(reply.Object.ContainsKey("records"));
        Assert.Null(reply.Object["records"]);
    }

    [Fact]
    public async Task LyingFilterRecord_ClaimsMoreThanExist()
    {
        await ArmAsync("lyingFilterRecord", method: "GET");
        Reply reply = (await GetAsync("/api/service/apikeys")).AssertStatus(200);
        Assert.True((int)reply.Object["filterRecord"]! > reply.Object["records"]!.AsArray().Count);
    }

    [Fact]
    public async Task HugeBody_IsValidJsonAbout100TimesLarger()
    {
        int normal = (await GetAsync("/api/service/apikeys")).Text.Length;
        await ArmAsync("hugeBody", method: "GET");
        Reply reply = (await GetAsync("/api/service/apikeys")).AssertStatus(200);
        Assert.True(reply.Text.Length >= normal * 100);
        Assert.Single(reply.Object["records"]!.AsArray());
    }

    [Fact]
    public async Task Times_CountsMatches_AndZeroMeansUntilCleared()
    {
        await ArmAsync("status", method: "GET", status: 502, times: 2);
        (await GetAsync("/api/service/apikeys")).AssertStatus(502);
        (await GetAsync("/api/service/apikeys")).AssertStatus(502);
        (await GetAsync("/api/service/apikeys")).AssertStatus(200);

        await ArmAsync("status", method: "GET", status: 504, times: 0);
        for (int i = 0; i < 4; i++)
        {
            (await GetAsync("/api/service/apikeys")).AssertStatus(504);
        }

        Assert.Single((await GetAsync("/_emulator/faults", token: null)).Json!.AsArray());
        (await SendAsync(HttpMethod.Delete, "/_emulator/faults", token: null)).AssertStatus(200);
        (await GetAsync("/api/service/apikeys")).AssertStatus(200);
    }

    [Fact]
    public async Task Skip_LetsTheFirstMatchesPass_ThenFires_AndLeavesSkippedRequestsToTheNextFault()
    {
        await ArmAsync("status", method: "GET", status: 503, times: 1, skip: 2);
        await ArmAsync("status", method: "GET", status: 502, times: 1);
        (await GetAsync("/api/service/apikeys")).AssertStatus(502); // skipped by the first fault, taken by the second
        (await GetAsync("/api/service/apikeys")).AssertStatus(200);
        Assert.Equal(0, (int)(await GetAsync("/_emulator/faults", token: null)).Json!.AsArray().Single()!["skip"]!);
        (await GetAsync("/api/service/apikeys")).AssertStatus(503);
        (await GetAsync("/api/service/apikeys")).AssertStatus(200);
    }

    [Fact]
    public async Task MethodAndPath_MustBothMatch()
    {
        await ArmAsync("status", method: "DELETE", pathPattern: "^/api/service/apikeys/", status: 500);
        (await GetAsync("/api/service/apikeys")).AssertStatus(200);
        (await PostAsync("/api/service/apikeys", TokenBody())).AssertStatus(200);
        (await SendAsync(HttpMethod.Delete, "/api/service/apikeys/00000000-0000-4000-8000-000000000001")).AssertAtlanError(500);
    }

    [Fact]
    public async Task UnknownKind_Is400()
    {
        (await PostAsync("/_emulator/faults", new JsonObject { ["kind"] = "explode" }, token: null)).AssertAtlanError(400);
    }

    [Fact]
    public async Task GlobalRateLimit_Answers429WithRetryAfterOnceOverBudget()
    {
        (await PostAsync("/_emulator/ratelimit", new JsonObject { ["requestsPerMinute"] = 3 }, token: null)).AssertStatus(200);
        for (int i = 0; i < 3; i++)
        {
            (await GetAsync("/api/service/users/current")).AssertStatus(200);
        }

        Reply limited = (await GetAsync("/api/service/users/current")).AssertAtlanError(429);
        Assert.True(limited.RetryAfter is >= 1 and <= 60);

        Time.Offset = TimeSpan.FromSeconds(61);
        (await GetAsync("/api/service/users/current")).AssertStatus(200);

        (await PostAsync("/_emulator/ratelimit", new JsonObject { ["requestsPerMinute"] = 0 }, token: null)).AssertStatus(200);
        for (int i = 0; i < 5; i++)
        {
            (await GetAsync("/api/service/users/current")).AssertStatus(200);
        }
    }

    [Fact]
    public async Task WindowRateLimit_IsAFixedWindowAnsweringJson429WithoutRetryAfter()
    {
        Time.Freeze(); // only the offset moves: a loaded machine must not cross the window's edge between steps
        (await PostAsync("/_emulator/ratelimit", new JsonObject { ["requests"] = 2, ["windowMs"] = 2000, ["shape"] = "window" }, token: null)).AssertStatus(200);
        (await GetAsync("/api/service/users/current")).AssertStatus(200);
        (await GetAsync("/api/service/users/current")).AssertStatus(200);
        Reply limited = (await GetAsync("/api/service/users/current")).AssertAtlanError(429);
        Assert.Null(limited.RetryAfter);

        Time.Offset = TimeSpan.FromSeconds(1.5);
        (await GetAsync("/api/service/users/current")).AssertAtlanError(429); // still the same window: no sliding
        Time.Offset = TimeSpan.FromSeconds(2);
        (await GetAsync("/api/service/users/current")).AssertStatus(200);
        Reply state = (await GetAsync("/_emulator/ratelimit", token: null)).AssertStatus(200);
        Assert.Equal(2, (long)state.Object["refused"]!);
        Assert.Equal("window", (string?)state.Object["shape"]);
        Assert.Equal(60, (int)state.Object["requestsPerMinute"]!);
    }

    [Fact]
    public async Task GatewayRateLimit_AnswersNginxHtml429WithoutRetryAfter()
    {
        (await PostAsync("/_emulator/ratelimit", new JsonObject { ["requests"] = 1, ["windowMs"] = 60000, ["shape"] = "gateway" }, token: null)).AssertStatus(200);
        (await GetAsync("/api/service/users/current")).AssertStatus(200);
        Reply limited = (await GetAsync("/api/service/users/current")).AssertStatus(429);
        Assert.Equal("text/html", limited.ContentType);
        Assert.Contains("<center>nginx</center>", limited.Text);
        Assert.Null(limited.RetryAfter);
    }

    [Fact]
    public async Task RateLimitShape_MustBeKnown()
    {
        (await PostAsync("/_emulator/ratelimit", new JsonObject { ["requests"] = 1, ["shape"] = "sliding" }, token: null)).AssertAtlanError(400);
    }
}
