using System;
using System.Collections.Generic;
using System.Linq;
using AtlanTokens.Emulator.Auth;

namespace AtlanTokens.Emulator.State;

/// <summary>The tenant's API tokens (Heracles + Keycloak clients), with sorted views cached until the next change.</summary>
internal sealed class ApiTokenStore
{
    private readonly object gate = new();
    private readonly BearerTokenIssuer issuer;
    private readonly TimeProvider time;
    private readonly Dictionary<TokenSort, ApiTokenEntry[]> sortedViews = [];
    private Dictionary<string, ApiTokenEntry> byId = new(StringComparer.Ordinal);
    private Dictionary<string, ApiTokenEntry> byAccessToken = new(StringComparer.Ordinal);
    private Dictionary<string, ApiTokenEntry> byClientId = new(StringComparer.Ordinal);

    public ApiTokenStore(BearerTokenIssuer issuer, TimeProvider time)
    {
        this.issuer = issuer;
        this.time = time;
    }

    public void Load(IEnumerable<ApiTokenEntry> tokens)
    {
        lock (gate)
        {
            byId = new(StringComparer.Ordinal);
            byAccessToken = new(StringComparer.Ordinal);
            byClientId = new(StringComparer.Ordinal);
            foreach (ApiTokenEntry token in tokens)
            {
                Index(token);
            }

            sortedViews.Clear();
        }
    }

    public ApiTokenEntry? FindByAccessToken(string accessToken)
    {
        lock (gate)
        {
            return byAccessToken.GetValueOrDefault(accessToken);
        }
    }

    public ApiTokenEntry? FindByUsername(string username)
    {
        if (!username.StartsWith(ApiTokenEntry.UsernamePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        lock (gate)
        {
            return byClientId.GetValueOrDefault(username[ApiTokenEntry.UsernamePrefix.Length..]);
        }
    }

    public TokenPage List(TokenFilter filter, TokenSort sort, int offset, int limit)
    {
        lock (gate)
        {
            ApiTokenEntry[] sorted = SortedView(sort);
            if (filter == TokenFilter.None)
            {
                return new TokenPage(sorted.Length, sorted.Length, sorted.Skip(offset).Take(limit).ToArray());
            }

            var page = new List<ApiTokenEntry>();
            int matched = 0;
            foreach (ApiTokenEntry token in sorted)
            {
                if (!filter.Matches(token))
                {
                    continue;
                }

                if (matched >= offset && page.Count < limit)
                {
                    page.Add(token);
                }

                matched++;
            }

            return new TokenPage(sorted.Length, matched, page);
        }
    }

    public ApiTokenEntry Create(string displayName, string description, IReadOnlyList<PersonaLink> personas, long validitySeconds, string createdBy, string role = ApiTokenEntry.DefaultRole)
    {
        DateTimeOffset now = time.GetUtcNow();
        ApiTokenEntry token = NewToken(displayName, description, personas, validitySeconds, createdBy, role, now.ToUnixTimeMilliseconds());
        lock (gate)
        {
            Index(token);
            sortedViews.Clear();
        }

        return token;
    }

    public void CreateMany(int count, string prefix, IReadOnlyList<PersonaLink> personas, string createdBy)
    {
        long nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var created = new ApiTokenEntry[count];
        for (int i = 0; i < count; i++)
        {
            // Spread creation times one millisecond apart so createdAt ordering is meaningful.
            created[i] = NewToken($"{prefix}{i + 1}", string.Empty, personas, 157680000, createdBy, ApiTokenEntry.DefaultRole, nowMs - count + i + 1);
        }

        lock (gate)
        {
            foreach (ApiTokenEntry token in created)
            {
                Index(token);
            }

            sortedViews.Clear();
        }
    }

    public ApiTokenEntry? Update(string id, string displayName, string description, IReadOnlyList<PersonaLink> personas)
    {
        lock (gate)
        {
            if (!byId.TryGetValue(id, out ApiTokenEntry? existing))
            {
                return null;
            }

            ApiTokenEntry updated = existing with { DisplayName = displayName, Description = description, Personas = personas };
            Index(updated);
            sortedViews.Clear();
            return updated;
        }
    }

    public bool Delete(string id)
    {
        lock (gate)
        {
            if (!byId.Remove(id, out ApiTokenEntry? removed))
            {
                return false;
            }

            byAccessToken.Remove(removed.AccessToken);
            byClientId.Remove(removed.ClientId);
            sortedViews.Clear();
            return true;
        }
    }

    public IReadOnlyList<ApiTokenEntry> Snapshot()
    {
        lock (gate)
        {
            return SortedView(TokenSort.CreatedAtAscending);
        }
    }

    private ApiTokenEntry NewToken(string displayName, string description, IReadOnlyList<PersonaLink> personas, long validitySeconds, string createdBy, string role, long createdAtMs)
    {
        string id = Guid.NewGuid().ToString();
        string clientId = "apikey-" + Guid.NewGuid();
        long issuedAt = createdAtMs / 1000;
        return new ApiTokenEntry
        {
            Id = id,
            ClientId = clientId,
            DisplayName = displayName,
            Description = description,
            Personas = personas,
            CreatedAtMs = createdAtMs,
            CreatedBy = createdBy,
            ValiditySeconds = validitySeconds,
            AccessToken = issuer.MintApiTokenAccessToken(id, clientId, issuedAt, issuedAt + validitySeconds),
            Role = role,
        };
    }

    private void Index(ApiTokenEntry token)
    {
        byId[token.Id] = token;
        byAccessToken[token.AccessToken] = token;
        byClientId[token.ClientId] = token;
    }

    private ApiTokenEntry[] SortedView(TokenSort sort)
    {
        if (sortedViews.TryGetValue(sort, out ApiTokenEntry[]? cached))
        {
            return cached;
        }

        ApiTokenEntry[] sorted = [.. byId.Values];
        Comparison<ApiTokenEntry> compare = sort switch
        {
            TokenSort.CreatedAtAscending => (a, b) => Tie(a.CreatedAtMs.CompareTo(b.CreatedAtMs), a, b),
            TokenSort.CreatedAtDescending => (a, b) => Tie(b.CreatedAtMs.CompareTo(a.CreatedAtMs), a, b),
            TokenSort.DisplayNameAscending => (a, b) => Tie(string.CompareOrdinal(a.DisplayName, b.DisplayName), a, b),
            _ => (a, b) => Tie(string.CompareOrdinal(b.DisplayName, a.DisplayName), a, b),
        };
        Array.Sort(sorted, compare);
        sortedViews[sort] = sorted;
        return sorted;
    }

    private static int Tie(int primary, ApiTokenEntry a, ApiTokenEntry b) =>
        primary != 0 ? primary : string.CompareOrdinal(a.Id, b.Id);
}
