using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Session;

namespace AtlanTokens.Cmdlets
{
    /// <summary>Lists connections, or finds them by name (wildcards allowed), connector type or GUID.</summary>
    [Cmdlet(VerbsCommon.Get, "AtlanConnection", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(AtlanConnection))]
    public sealed class GetAtlanConnectionCommand : AtlanSessionCmdlet
    {
        private const string NameSet = "Name";
        private const string GuidSet = "Guid";

        /// <summary>Connection names; wildcards allowed. Default: every connection.</summary>
        [Parameter(Position = 0, ParameterSetName = NameSet, ValueFromPipeline = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ConnectionNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Only connections of this connector type (connectorName), e.g. snowflake or bigquery.</summary>
        [Parameter(Position = 1, ParameterSetName = NameSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ConnectorTypeCompleter))]
        public string? ConnectorType { get; set; }

        /// <summary>Connection GUIDs.</summary>
        [Parameter(Mandatory = true, ParameterSetName = GuidSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Guid { get; set; } = Array.Empty<string>();

        protected override void ProcessRecord()
        {
            AtlanSession session = ResolveSession();
            if (ParameterSetName == GuidSet)
            {
                foreach (string guid in Guid)
                {
                    Find(session, null, null, guid, $"No active connection has the GUID '{guid}'.", guid);
                }

                return;
            }

            string? connectorType = ConnectorType?.Trim().ToLowerInvariant();
            var patterns = (Name ?? Array.Empty<string>()).Where(WildcardPattern.ContainsWildcardCharacters).ToList();
            foreach (string exact in (Name ?? Array.Empty<string>()).Where(n => !WildcardPattern.ContainsWildcardCharacters(n)))
            {
                string which = connectorType == null ? $"named '{exact}'" : $"named '{exact}' of connector type '{connectorType}'";
                Find(session, exact, connectorType, null, $"No active connection is {which}.", exact);
            }

            if (Name == null || patterns.Count > 0)
            {
                if (!TryAwait((log, cancel) => session.AssetDirectory.GetConnectionsAsync(true, log, cancel), session.BaseUrl, out IReadOnlyList<AtlanConnection> all))
                {
                    return;
                }

                var wildcards = patterns.Select(p => new WildcardPattern(p, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant)).ToList();
                Emit(all.Where(c => (wildcards.Count == 0 || wildcards.Any(w => w.IsMatch(c.Name)))
                    && (connectorType == null || string.Equals(c.ConnectorType, connectorType, StringComparison.OrdinalIgnoreCase))), session);
            }
        }

        private void Find(AtlanSession session, string? name, string? connectorType, string? guid, string notFound, string target)
        {
            if (!TryAwait((log, cancel) => session.Assets.FindConnectionsAsync(name, connectorType, guid, log, cancel), target, out List<AtlanConnection> found))
            {
                return;
            }

            if (found.Count == 0)
            {
                WriteError(GrantCmdlet.ConnectionNotFoundId, ErrorCategory.ObjectNotFound, target, notFound,
                    "List the connections with Get-AtlanConnection, or use wildcards: Get-AtlanConnection -Name '*part*'.");
            }

            Emit(found, session);
        }

        private void Emit(IEnumerable<AtlanConnection> connections, AtlanSession session)
        {
            foreach (AtlanConnection connection in connections)
            {
                connection.Session = session;
                WriteObject(connection);
            }
        }
    }
}
