using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace AtlanTokens.Session
{
    /// <summary>
    /// The default session of each runspace, the defaults it had before (so disconnecting the default brings back the
    /// previous one), and every session connected in it. Azure Automation can run several jobs in one process, each in
    /// its own runspace: a process-wide default would let one job act with another job's key.
    /// </summary>
    internal static class DefaultSessions
    {
        private static readonly ConditionalWeakTable<Runspace, Holder> ByRunspace = new ConditionalWeakTable<Runspace, Holder>();

        public static AtlanSession? Current
        {
            get
            {
                Holder? holder = Find();
                if (holder == null)
                {
                    return null;
                }

                lock (holder)
                {
                    return holder.Defaults.Count == 0 ? null : holder.Defaults[holder.Defaults.Count - 1];
                }
            }
        }

        /// <summary>Makes <paramref name="session"/> the default (the one it replaces is remembered); null forgets every default.</summary>
        public static void Set(AtlanSession? session)
        {
            Holder? holder = FindOrCreate();
            if (holder == null)
            {
                return;
            }

            lock (holder)
            {
                if (session == null)
                {
                    holder.Defaults.Clear();
                    return;
                }

                // A reconnect (same tenant, same identity) replaces the default it repeats rather than stacking on it:
                // disconnecting then brings back the default of another tenant or identity, never a stale twin.
                holder.Defaults.RemoveAll(s => ReferenceEquals(s, session) || SameIdentity(s, session));
                holder.Defaults.Add(session);
                Remember(holder, session);
            }
        }

        /// <summary>Records a session connected in this runspace without making it the default (-NoDefault).</summary>
        public static void Add(AtlanSession session)
        {
            Holder? holder = FindOrCreate();
            if (holder == null)
            {
                return;
            }

            lock (holder)
            {
                Remember(holder, session);
            }
        }

        /// <summary>
        /// Forgets a session (it was disconnected). When it was the default, the previous default that is still open
        /// becomes the default again; returns that session, or null when there is none (or the default did not change).
        /// </summary>
        public static AtlanSession? Remove(AtlanSession session)
        {
            Holder? holder = Find();
            if (holder == null)
            {
                return null;
            }

            lock (holder)
            {
                bool wasDefault = holder.Defaults.Count > 0 && ReferenceEquals(holder.Defaults[holder.Defaults.Count - 1], session);
                holder.Defaults.RemoveAll(s => ReferenceEquals(s, session) || !s.IsOpen);
                holder.All.RemoveAll(s => ReferenceEquals(s, session) || !s.IsOpen);
                return wasDefault && holder.Defaults.Count > 0 ? holder.Defaults[holder.Defaults.Count - 1] : null;
            }
        }

        /// <summary>The open sessions connected in this runspace, oldest first.</summary>
        public static IReadOnlyList<AtlanSession> All
        {
            get
            {
                Holder? holder = Find();
                if (holder == null)
                {
                    return new AtlanSession[0];
                }

                lock (holder)
                {
                    return holder.All.Where(s => s.IsOpen).ToList();
                }
            }
        }

        private static bool SameIdentity(AtlanSession a, AtlanSession b)
            => string.Equals(a.BaseUrl, b.BaseUrl, System.StringComparison.OrdinalIgnoreCase)
               && string.Equals(a.UserName, b.UserName, System.StringComparison.Ordinal)
               && a.Authentication == b.Authentication;

        private static void Remember(Holder holder, AtlanSession session)
        {
            if (!holder.All.Any(s => ReferenceEquals(s, session)))
            {
                holder.All.Add(session);
            }
        }

        private static Holder? Find()
        {
            Runspace? runspace = Runspace.DefaultRunspace;
            return runspace != null && ByRunspace.TryGetValue(runspace, out Holder? holder) ? holder : null;
        }

        private static Holder? FindOrCreate()
        {
            Runspace? runspace = Runspace.DefaultRunspace;
            return runspace == null ? null : ByRunspace.GetValue(runspace, _ => new Holder());
        }

        private sealed class Holder
        {
            /// <summary>Defaults in the order they were set; the last one is the current default.</summary>
            public List<AtlanSession> Defaults { get; } = new List<AtlanSession>();

            public List<AtlanSession> All { get; } = new List<AtlanSession>();
        }
    }
}
