using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace AtlanTokens.Session
{
    /// <summary>
    /// The default session of each runspace. Azure Automation can run several jobs in one process, each in its
    /// own runspace: a process-wide default would let one job act with another job's key.
    /// </summary>
    internal static class DefaultSessions
    {
        private static readonly ConditionalWeakTable<Runspace, Holder> ByRunspace = new ConditionalWeakTable<Runspace, Holder>();

        public static AtlanSession? Current
        {
            get
            {
                Runspace? runspace = Runspace.DefaultRunspace;
                return runspace != null && ByRunspace.TryGetValue(runspace, out Holder? holder) ? holder.Session : null;
            }
        }

        public static void Set(AtlanSession? session)
        {
            Runspace? runspace = Runspace.DefaultRunspace;
            if (runspace == null)
            {
                return;
            }

            ByRunspace.GetValue(runspace, _ => new Holder()).Session = session;
        }

        private sealed class Holder
        {
            public AtlanSession? Session { get; set; }
        }
    }
}
