using System;
using System.Collections;
using System.Management.Automation;
using System.Security;
using System.Threading.Tasks;
using AtlanTokens.Session;

namespace AtlanTokens.Cmdlets
{
    /// <summary>What the name completers share: which session, a bounded wait, and quoting.</summary>
    internal static class CompletionSupport
    {
        private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(2);

        public static AtlanSession? SessionOf(IDictionary? fakeBoundParameters)
        {
            AtlanSession? session = Unwrap(fakeBoundParameters?["Session"]) as AtlanSession ?? DefaultSessions.Current;
            return session != null && session.IsOpen ? session : null;
        }

        public static SecureString? ImpersonationTokenOf(IDictionary? fakeBoundParameters)
            => Unwrap(fakeBoundParameters?["ImpersonationToken"]) as SecureString;

        /// <summary>The result if it arrives within about one request's time, else null: the prompt must not hang.</summary>
        public static T? WaitBriefly<T>(Func<Task<T>> load)
            where T : class
        {
            Task<T> task = Task.Run(load);
            try
            {
                return task.Wait(MaxWait) ? task.Result : null;
            }
            catch (AggregateException)
            {
                return null;
            }
        }

        public static WildcardPattern PatternFor(string? wordToComplete)
            => new WildcardPattern((wordToComplete ?? string.Empty).Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);

        public static string Quote(string name)
            => name.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', ',', ';', '(', ')', '{', '}', '@', '#', '[', ']', '*', '?' }) >= 0
                ? "'" + name.Replace("'", "''") + "'"
                : name;

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
    }
}
