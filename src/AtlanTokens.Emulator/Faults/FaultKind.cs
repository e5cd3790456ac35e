namespace AtlanTokens.Emulator.Faults;

internal enum FaultKind
{
    Status,
    Delay,
    Drop,
    DropAfterCommit,
    Malformed,
    Html,
    RateLimit,
    NullRecords,
    LyingFilterRecord,
    HugeBody,

    /// <summary>Runs the request, then holds its answer for delayMs: the state it read is old when it arrives (read-then-write races).</summary>
    DelayAnswer,

    /// <summary>Atlas's search timeout: 429 with errorCode ATLAS-400-00-502 and no Retry-After.</summary>
    SearchTimeout,

    /// <summary>An unhandled Atlas failure: status (default 500) with {errorId, message, causes[]} and no errorCode.</summary>
    AtlasUnhandled,
}
