using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Model;

namespace AtlanTokens.Operations
{
    /// <summary>
    /// A created token, delivered as soon as it exists, and what is left to do after it: when earlier attempts lost their
    /// answers, the watch for their late copies (<see cref="LateCopyWatch"/>), which the caller runs after handing the
    /// token on, so the token reaches the pipeline without waiting for the settle time.
    /// </summary>
    internal sealed class ApiTokenCreated
    {
        public ApiTokenCreated(ApiToken token, LateCopyWatch? watch)
        {
            Token = token;
            Watch = watch;
        }

        public ApiToken Token { get; }

        /// <summary>Null when every attempt's outcome is known (nothing can appear late).</summary>
        public LateCopyWatch? Watch { get; }

        public Task WatchAsync(IAtlanLog log, CancellationToken cancellationToken)
            => Watch == null ? Task.CompletedTask : Watch.RunAsync(log, cancellationToken);
    }
}
