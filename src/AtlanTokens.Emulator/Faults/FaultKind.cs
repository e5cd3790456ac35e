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
}
