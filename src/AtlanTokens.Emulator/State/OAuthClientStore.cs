using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;

namespace AtlanTokens.Emulator.State;

/// <summary>The tenant's OAuth clients. Replaced wholesale on reset and copied on write, so lookups need no lock.</summary>
internal sealed class OAuthClientStore
{
    private readonly object writeLock = new();
    private volatile IReadOnlyList<OAuthClientEntry> clients = [];

    public IReadOnlyList<OAuthClientEntry> All => clients;

    public void Load(IEnumerable<OAuthClientEntry> entries) => clients = entries.ToList();

    public OAuthClientEntry? FindById(string id) => clients.FirstOrDefault(client => string.Equals(client.Id, id, StringComparison.Ordinal));

    public OAuthClientEntry? FindByClientId(string clientId) =>
        clients.FirstOrDefault(client => string.Equals(client.ClientId, clientId, StringComparison.Ordinal));

    /// <summary>A new client with a fresh id and secret (the control API's way to make one with a chosen bearer lifetime).</summary>
    public OAuthClientEntry Create(string displayName, string role, int tokenExpirySeconds, long nowMs)
    {
        string id = Guid.NewGuid().ToString();
        var entry = new OAuthClientEntry
        {
            Id = id,
            ClientId = OAuthClientEntry.ClientIdPrefix + id,
            ClientSecret = NewSecret(),
            DisplayName = displayName,
            Role = role,
            TokenExpirySeconds = tokenExpirySeconds,
            CreatedAtMs = nowMs,
        };
        lock (writeLock)
        {
            clients = [.. clients, entry];
        }

        return entry;
    }

    /// <summary>Revokes every bearer the client holds now (as an admin revoking its sessions would); false if unknown.</summary>
    public bool RevokeBearers(string clientId)
    {
        lock (writeLock)
        {
            OAuthClientEntry? client = FindByClientId(clientId);
            if (client is null)
            {
                return false;
            }

            clients = [.. clients.Select(entry => ReferenceEquals(entry, client) ? entry with { Generation = entry.Generation + 1 } : entry)];
            return true;
        }
    }

    /// <summary>A random secret in the shape of Atlan's (URL-safe, 32 bytes of entropy).</summary>
    public static string NewSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
