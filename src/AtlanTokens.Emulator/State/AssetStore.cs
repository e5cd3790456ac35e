using System;
using System.Collections.Generic;

namespace AtlanTokens.Emulator.State;

/// <summary>Atlas entities. Every read or change runs under one lock, so a search never sees half a save.</summary>
internal sealed class AssetStore
{
    private readonly object gate = new();
    private List<AssetEntry> assets = [];

    public void Load(IEnumerable<AssetEntry> entries)
    {
        lock (gate)
        {
            assets = [.. entries];
        }
    }

    public T Use<T>(Func<IReadOnlyList<AssetEntry>, T> action)
    {
        lock (gate)
        {
            return action(assets);
        }
    }
}
