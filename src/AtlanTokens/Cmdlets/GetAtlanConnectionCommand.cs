using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Operations;
using AtlanTokens.Session;

namespace AtlanTokens.Cmdlets
{
    /// <summary>Lists connections, or finds them by name (wildcards allowed), connector type or GUID.</summary>
    [Cmdlet(VerbsCommon.Get, "AtlanConnection", HelpUri = "https://github.com/atlantokens/AtlanTokens.PowerShell/blob/main/docs/en-US/Get-AtlanConnection.md", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(AtlanConnection))]
    public sealed class GetAtlanConnectionCommand : AtlanSessionCmdlet
    {
        private const string NameSet = "Name";
        private const string GuidSet = "Guid";

        /// <summary>Connection names; wildcards allowed (escape a literal [ or ] with a backtick). Default: every connection.</summary>
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

        private readonly HashSet<string> _written = NameSelection.NewWrittenSet();

        private bool _warnedConnectorType;

        protected override void ProcessRecord()
        {
            AtlanSession session = ResolveSession();
            if (ParameterSetName == GuidSet)
            {
                foreach (string value in Guid)
                {
                    if (!(GuidArgument.Normalize(this, value, "connection") is string guid))
                    {
                        continue;
                    }

                    Find(session, null, null, guid, $"No active connection has the GUID '{guid}'.", guid);
                }

                return;
            }

            string? connectorType = ConnectorType?.Trim().ToLowerInvariant();
            NameSelection selection = NameSelection.Parse(this, Name, _written, "connection");
            int writtenBefore = _written.Count;
            foreach (string exact in selection.ExactNames)
            {
                string which = connectorType == null ? $"named '{exact}'" : $"named '{exact}' of connector type '{connectorType}'";
                Find(session, exact, connectorType, null, $"No active connection is {which}.", exact);
            }

            if (Name == null || selection.HasPatterns)
            {
                if (!TryAwait((log, cancel) => session.AssetDirectory.GetConnectionsAsync(true, log, cancel), session.BaseUrl, out IReadOnlyList<AtlanConnection> all))
                {
                    return;
                }

                Emit(all.Where(c => (Name == null || selection.MatchesPattern(c.Name))
                    && (connectorType == null || string.Equals(c.ConnectorType, connectorType, StringComparison.OrdinalIgnoreCase))), session);
                WarnIfUnknown(connectorType, all);
            }
            else if (connectorType != null && _written.Count == writtenBefore && !ConnectorTypeCompleter.Common.Contains(connectorType, StringComparer.OrdinalIgnoreCase))
            {
                WarnIfUnknown(connectorType, session.AssetDirectory.CachedConnections);
            }
        }

        /// <summary>
        /// A connector type that no connection of the tenant has and that is not a known Atlan connector is most likely a
        /// typo: a warning (not an error, since Atlan adds connectors) lists the types that would match something.
        /// </summary>
        private void WarnIfUnknown(string? connectorType, IReadOnlyList<AtlanConnection>? all)
        {
            if (connectorType == null || _warnedConnectorType
                || ConnectorTypeCompleter.Common.Contains(connectorType, StringComparer.OrdinalIgnoreCase)
                || (all != null && all.Any(c => string.Equals(c.ConnectorType, connectorType, StringComparison.OrdinalIgnoreCase))))
            {
                return;
            }

            _warnedConnectorType = true;
            var onTenant = (all ?? Array.Empty<AtlanConnection>()).Where(c => c.ConnectorType != null).Select(c => c.ConnectorType!)
                .Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(t => t, StringComparer.OrdinalIgnoreCase).ToList();
            string tenantText = onTenant.Count > 0 ? $"Connector types on this tenant: {string.Join(", ", onTenant)}. " : string.Empty;
            WriteWarning($"'{connectorType}' is not a known connector type and no connection on the tenant has it. {tenantText}"
                + $"Known Atlan connector types: {string.Join(", ", ConnectorTypeCompleter.Common)}.");
        }

        private void Find(AtlanSession session, string? name, string? connectorType, string? guid, string notFound, string target)
        {
            if (!TryAwait((log, cancel) => session.Assets.FindConnectionsAsync(name, connectorType, guid, log, cancel), target, out List<AtlanConnection> found))
            {
                return;
            }

            if (found.Count == 0)
            {
                WriteError(GrantKind.ConnectionAdmin.NotFoundId, ErrorCategory.ObjectNotFound, target, notFound,
                    "List the connections with Get-AtlanConnection, or use wildcards: Get-AtlanConnection -Name '*part*'.");
            }

            Emit(found, session);
        }

        private void Emit(IEnumerable<AtlanConnection> connections, AtlanSession session)
        {
            foreach (AtlanConnection connection in connections)
            {
                if (!_written.Add(connection.Guid))
                {
                    continue;
                }

                connection.Session = session;
                WriteObject(connection);
            }
        }
    }
}
