using System;
using System.Collections.Generic;
using System.Linq;

namespace AtlanTokens.Emulator.State;

/// <summary>Human users of the tenant (Keycloak users). Replaced wholesale on reset, so lookups need no lock.</summary>
internal sealed class UserDirectory
{
    private volatile IReadOnlyList<UserEntry> users = [];

    public IReadOnlyList<UserEntry> All => users;

    public void Load(IEnumerable<UserEntry> entries) => users = entries.ToList();

    public UserEntry? FindById(string id) => users.FirstOrDefault(user => string.Equals(user.Id, id, StringComparison.Ordinal));

    public UserEntry? FindByUsername(string username) =>
        users.FirstOrDefault(user => string.Equals(user.Username, username, StringComparison.Ordinal));
}
