using System;
using System.Collections.Generic;

namespace AtlanTokens.Emulator.State;

/// <summary>Atlas entities. Every read or change runs under one lock, so a search never sees half a save.</summary>
internal sealed class AssetStore
{
    private readonly object gate = new();
    private List<AssetEntry> assets = [];

    private TimeSpan indexLag;

    /// <summary>
    /// How long a save takes to reach index search; zero (the default) means at once. Setting it lets the index catch up
    /// with every save made so far, so a test can set up state and then start from an index in step with the store.
    /// </summary>
    public TimeSpan IndexLag
    {
        get
        {
            lock (gate)
            {
                return indexLag;
            }
        }

        set
        {
            lock (gate)
            {
                indexLag = value;
                foreach (AssetEntry asset in assets)
                {
                    asset.SnapshotIndex();
                }
            }
        }
    }

    /// <summary>Replaces every asset; the index is in step with the store and lags no more.</summary>
    public void Load(IEnumerable<AssetEntry> entries)
    {
        lock (gate)
        {
            assets = [.. entries];
            foreach (AssetEntry asset in assets)
            {
                asset.SnapshotIndex();
            }

            indexLag = TimeSpan.Zero;
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
