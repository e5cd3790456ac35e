using System;

namespace AtlanTokens.Emulator.Tests;

/// <summary>Real time plus an offset tests can move forward, so expiry is tested without sleeping.</summary>
internal sealed class ShiftableTimeProvider : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
