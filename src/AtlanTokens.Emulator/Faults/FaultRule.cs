using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AtlanTokens.Emulator.Faults;

internal sealed class FaultRule
{
    public required int Id { get; init; }

    public required FaultKind Kind { get; init; }

    public string? Method { get; init; }

    public string? PathPattern { get; init; }

    public Regex? PathRegex { get; init; }

    public int? Status { get; init; }

    public int DelayMs { get; init; }

    public int RetryAfterSeconds { get; init; } = 1;

    public string? Body { get; init; }

    /// <summary>For gzipBomb: how many megabytes the answer inflates to.</summary>
    public int SizeMb { get; init; } = 1024;

    /// <summary>Matching requests it still fires for; 0 means until cleared.</summary>
    public int RemainingTimes { get; set; }

    /// <summary>Matching requests it still lets pass untouched before it fires (e.g. a check read after a first read).</summary>
    public int RemainingSkip { get; set; }

    public bool Matches(string method, string path) =>
        (Method is null || string.Equals(Method, method, System.StringComparison.OrdinalIgnoreCase))
        && (PathRegex is null || PathRegex.IsMatch(path));

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["kind"] = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(Kind.ToString()),
        ["method"] = Method,
        ["pathPattern"] = PathPattern,
        ["status"] = Status,
        ["delayMs"] = DelayMs,
        ["retryAfterSeconds"] = RetryAfterSeconds,
        ["times"] = RemainingTimes,
        ["skip"] = RemainingSkip,
        ["body"] = Body,
        ["sizeMb"] = SizeMb,
    };
}
