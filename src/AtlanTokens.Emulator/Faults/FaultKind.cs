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

    /// <summary>A 200 token-list page with one extra record whose displayName is invalid UTF-8.</summary>
    BadRecord,

    /// <summary>A 200 answer that is gzip-compressed and inflates to sizeMb megabytes (default 1024): a decompression bomb.</summary>
    GzipBomb,

    /// <summary>A token create answered 502 at once and committed delayMs later (a gateway failing before a slow backend).</summary>
    CommitLater,

    /// <summary>
    /// Runs the request (e.g. GET /api/meta/entity/guid/{guid}), then, before its answer leaves, renames the asset whose
    /// GUID is the path's last segment to body (default: its name + " (renamed)"): another writer renaming the asset
    /// between a client's read and its save.
    /// </summary>
    RenameAfter,

    /// <summary>
    /// A 200 token-list page whose records carry personaQualifiedName as a JSON-encoded list of qualified-name strings
    /// (the shape atlan-go documents for retrieval), with no persona names or ids.
    /// </summary>
    PersonaNamesMissing,

    /// <summary>Index search answers every page with size new hits (made-up GUIDs of the type asked for) and a huge approximateCount: a search that never ends.</summary>
    EndlessSearch,
}
