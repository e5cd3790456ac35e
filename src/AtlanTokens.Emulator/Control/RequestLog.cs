using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace AtlanTokens.Emulator.Control;

/// <summary>Recorded API requests, oldest first; keeps the most recent <see cref="Capacity"/> so long benchmarks cannot exhaust memory.</summary>
internal sealed class RequestLog
{
    public const int Capacity = 20000;

    private readonly object gate = new();
    private readonly Queue<JsonObject> entries = new();

    public void Add(JsonObject entry)
    {
        lock (gate)
        {
            entries.Enqueue(entry);
            if (entries.Count > Capacity)
            {
                entries.Dequeue();
            }
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            entries.Clear();
        }
    }

    public JsonArray ToJson()
    {
        lock (gate)
        {
            return new JsonArray([.. entries.Select(entry => entry.DeepClone())]);
        }
    }
}
