using System.Collections.Generic;

namespace AtlanTokens.Emulator.State;

internal sealed record TokenPage(int TotalRecord, int FilterRecord, IReadOnlyList<ApiTokenEntry> Records);
