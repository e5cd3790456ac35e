using System.Collections.Generic;
using System.Linq;

namespace AtlanTokens.Emulator.Faults;

/// <summary>
/// Armed faults, first registered first matched; each match uses up one of its times. A fault still skipping lets the
/// match pass (using up one skip) and the next armed fault that matches is considered.
/// </summary>
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
            FaultRule? rule = null;
            foreach (FaultRule candidate in rules.Where(candidate => candidate.Matches(method, path)))
            {
                if (candidate.RemainingSkip > 0)
                {
                    candidate.RemainingSkip--;
                    continue;
                }

                rule = candidate;
                break;
            }

            if (rule is not null && rule.RemainingTimes > 0 && --rule.RemainingTimes == 0)
            {
                rules.Remove(rule);
            }

            return rule;
        }
    }
}
