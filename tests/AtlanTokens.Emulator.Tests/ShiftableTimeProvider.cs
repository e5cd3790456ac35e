using System;

namespace AtlanTokens.Emulator.Tests;

/// <summary>
/// Real time plus an offset tests can move forward, so expiry is tested without sleeping; <see cref="Freeze"/> stops
/// the real part, for windows whose edges a slow machine must not cross between two steps of a test.
/// </summary>
internal sealed class ShiftableTimeProvider : TimeProvider
{
    private DateTimeOffset? frozenAt;

    public TimeSpan Offset { get; set; }

    public void Freeze() => frozenAt = System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => (frozenAt ?? System.GetUtcNow()) + Offset;
}
