using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;

namespace AtlanTokens.Emulator.Tests;

public sealed class Reply
{
    public Reply(HttpResponseMessage response, string text)
    {
        Status = (int)response.StatusCode;
        Text = text;
        ContentType = response.Content.Headers.ContentType?.MediaType;
        RetryAfter = response.Headers.RetryAfter?.Delta?.TotalSeconds;
        RequestId = response.Headers.TryGetValues("X-Atlan-Request-Id", out var values) ? values.Single() : null;
    }

    public int Status { get; }

    public string Text { get; }

    public string? ContentType { get; }

    public double? RetryAfter { get; }

    public string? RequestId { get; }

    public JsonNode? Json => Text.Length == 0 ? null : JsonNode.Parse(Text);

    public JsonObject Object => Json!.AsObject();

    public string? ErrorMessage => (string?)Object["errorMessage"];

    public string? ErrorLocation => (string?)Object["causes"]![0]!["location"];

    public Reply AssertStatus(int expected)
    {
        Assert.True(expected == Status, $"Expected {expected} but got {Status}: {Text}");
        return this;
    }

    /// <summary>Checks the Atlan error shape every refusal must have.</summary>
    public Reply AssertAtlanError(int expectedStatus)
    {
        AssertStatus(expectedStatus);
        Assert.Equal("application/json", ContentType);
        JsonObject body = Object;
        Assert.StartsWith($"ATLAN-EMU-{expectedStatus}-", (string)body["errorCode"]!);
        Assert.False(string.IsNullOrEmpty((string?)body["errorMessage"]));
        Assert.Matches("^[0-9a-f]{16}$", (string)body["errorId"]!);
        Assert.NotNull(body["causes"]![0]!["errorType"]);
        return this;
    }

    /// <summary>Checks the shape of an Atlas refusal: only a string errorCode and an errorMessage.</summary>
    public Reply AssertAtlasError(int expectedStatus, string expectedCode)
    {
        AssertStatus(expectedStatus);
        Assert.Equal("application/json", ContentType);
        JsonObject body = Object;
        Assert.Equal(expectedCode, (string)body["errorCode"]!);
        Assert.False(string.IsNullOrEmpty((string?)body["errorMessage"]));
        Assert.Equal(["errorCode", "errorMessage"], body.Select(pair => pair.Key).ToArray());
        return this;
    }
}
