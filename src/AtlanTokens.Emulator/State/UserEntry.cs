using System.Collections.Generic;

namespace AtlanTokens.Emulator.State;

internal sealed class UserEntry
{
    public required string Id { get; init; }

    public required string Username { get; init; }

    public required string Email { get; init; }

    public required string FirstName { get; init; }

    public required string LastName { get; init; }

    public required string Role { get; init; }

    public required IReadOnlyList<string> Groups { get; init; }

    public required long CreatedTimestamp { get; init; }
}
