using System.Collections.Generic;
using System.Linq;

namespace AtlanTokens.Emulator.Faults;

/// <summary>Armed faults, first registered first matched; each match uses up one of its times.</summary>
internal sealed class FaultRegistry
{
    private readonly object gate = new();
    private readonly List<FaultRule> rules = [];
    private int nextId;

    public int NextId()
    {
        lock (gate)
        {
            return ++nextId;
        }
    }

    public void Add(FaultRule rule)
    {
        lock (gate)
        {
            rules.Add(rule);
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            rules.Clear();
        }
    }

    public IReadOnlyList<FaultRule> List()
    {
        lock (gate)
        {
            return rules.ToList();
        }
    }

    public FaultRule? Take(string method, string path)
    {
        lock (gate)
        {
            FaultRule? rule = rules.FirstOrDefault(candidate => candidate.Matches(method, path));
            if (rule is not null && rule.RemainingTimes > 0 && --rule.RemainingTimes == 0)
            {
                rules.Remove(rule);
            }

            return rule;
        }
    }
}
