using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Session;

namespace AtlanTokens.Cmdlets
{
    /// <summary>Tab completion of connection names (narrowed by -ConnectorType when given): cached, never waits more than one request.</summary>
    public sealed class ConnectionNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            bool asPattern = CompletionSupport.TakesWildcards(commandName, parameterName);
            AtlanSession? session = CompletionSupport.SessionOf(fakeBoundParameters);
            if (session == null)
            {
                return Array.Empty<CompletionResult>();
            }

            IReadOnlyList<AtlanConnection>? connections = session.AssetDirectory.CachedConnections
                ?? CompletionSupport.WaitBriefly(() => session.AssetDirectory.GetConnectionsAsync(false, NullAtlanLog.Instance, default));
            if (connections == null)
            {
                return Array.Empty<CompletionResult>();
            }

            string? connectorType = fakeBoundParameters?["ConnectorType"] as string;
            WildcardPattern pattern = CompletionSupport.PatternFor(wordToComplete);
            return connections
                .Where(c => pattern.IsMatch(c.Name) && (connectorType == null || string.Equals(c.ConnectorType, connectorType, StringComparison.OrdinalIgnoreCase)))
                .GroupBy(c => c.Name, StringComparer.Ordinal)
                .Select(g => CompletionSupport.Result(g.Key, $"{g.Key} ({string.Join(", ", g.Select(c => c.ConnectorType ?? "?"))})", asPattern))
                .OfType<CompletionResult>()
                .ToList();
        }
    }
}
