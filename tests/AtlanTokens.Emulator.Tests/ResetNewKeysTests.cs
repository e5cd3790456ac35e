using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;

namespace AtlanTokens.Emulator.Tests;

/// <summary>
/// A reset that also replaces the keys (POST /_emulator/reset { "newKeys": true }): one emulator shared by several test
/// files, each with an admin key (and so a module request budget) of its own.
/// </summary>
public class ResetNewKeysTests : EmulatorHarness
{
    protected override bool KeepSeedKeys => false;

    [Fact]
    public async Task NewKeys_AnswersANewAdminKey_AndTheOldOneStopsWorking()
    {
        string before = StartAdminKey;
        (await GetAsync("/api/service/users/current", before)).AssertStatus(200);

        JsonObject answer = (await PostAsync("/_emulator/reset", new JsonObject { ["newKeys"] = true }, token: null)).AssertStatus(200).Object;

        string after = (string)answer["adminApiKey"]!;
        Assert.NotEqual(before, after);
        Assert.Equal(after, StartAdminKey);
        (await GetAsync("/api/service/users/current", before)).AssertAtlanError(401);
        (await GetAsync("/api/service/users/current", after)).AssertStatus(200);
    }

    [Fact]
    public async Task APlainReset_KeepsTheKey_AndNeedsNoBody()
    {
        string before = StartAdminKey;
        using var client = NewClient();
        using var response = await client.PostAsync("/_emulator/reset", content: null);
        Assert.Equal(200, (int)response.StatusCode);
        JsonObject answer = (await PostAsync("/_emulator/reset", new JsonObject { ["newKeys"] = false }, token: null)).AssertStatus(200).Object;

        Assert.Null(answer["adminApiKey"]);
        (await GetAsync("/api/service/users/current", before)).AssertStatus(200);
    }

    [Fact]
    public async Task NewKeys_ThatIsNotABoolean_IsRefused_AndNothingIsReset()
    {
        JsonObject created = (await PostAsync("/api/service/apikeys", TokenBody("kept"), StartAdminKey)).AssertStatus(200).Object;

        (await PostAsync("/_emulator/reset", new JsonObject { ["newKeys"] = "yes" }, token: null)).AssertStatus(400);

        (await GetAsync("/api/service/users/current", AccessTokenOf(created))).AssertStatus(200);
    }
}

/// <summary>An emulator started with --keep-seed-keys keeps the seed's keys: a reset with new keys is refused.</summary>
public class ResetNewKeysPinnedTests : EmulatorHarness
{
    [Fact]
    public async Task NewKeys_OnPinnedKeys_IsRefused_AndTheSeedKeyStillWorks()
    {
        (await PostAsync("/_emulator/reset", new JsonObject { ["newKeys"] = true }, token: null)).AssertStatus(400);

        (await GetAsync("/api/service/users/current", AdminAccessToken)).AssertStatus(200);
    }
}
