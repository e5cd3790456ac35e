using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using AtlanTokens.Emulator.Hosting;

namespace AtlanTokens.Emulator.Tests;

/// <summary>The control API answers only callers that send this start's control key.</summary>
public sealed class ControlKeyTests : EmulatorHarness
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-the-key")]
    public async Task WithoutTheKey_ControlApiIs401_AndChangesNothing(string? key)
    {
        using var stranger = new HttpClient { BaseAddress = BaseUrl };
        if (key != null)
        {
            stranger.DefaultRequestHeaders.TryAddWithoutValidation(EmulatorServices.ControlKeyHeader, key);
        }

        using HttpResponseMessage state = await stranger.GetAsync("/_emulator/state");
        Assert.Equal(HttpStatusCode.Unauthorized, state.StatusCode);
        Assert.Contains("errorMessage", await state.Content.ReadAsStringAsync());

        using HttpResponseMessage fault = await stranger.PostAsync("/_emulator/faults", new StringContent("{\"kind\":\"status\",\"status\":500}"));
        Assert.Equal(HttpStatusCode.Unauthorized, fault.StatusCode);
        Assert.Empty((await GetAsync("/_emulator/faults", token: null)).AssertStatus(200).Json!.AsArray());
    }

    [Fact]
    public async Task WithTheKey_ControlApiAnswers()
    {
        (await GetAsync("/_emulator/state", token: null)).AssertStatus(200);
    }
}
