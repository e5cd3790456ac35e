namespace AtlanTokens.Operations
{
    /// <summary>How a delete of an API token (<see cref="ApiTokenRemoval"/>) ended.</summary>
    internal enum ApiTokenRemoved
    {
        /// <summary>This call's delete was answered.</summary>
        Deleted,

        /// <summary>An earlier attempt whose answer was lost had already deleted it (the retry found it gone).</summary>
        DeletedByLostAttempt,
    }
}
