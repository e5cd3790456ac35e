using System.Management.Automation;
using AtlanTokens.Model;

namespace AtlanTokens.Cmdlets
{
    /// <summary>Makes API tokens connection admins, authorised by the bearer token of a user who already is one.</summary>
    [Cmdlet(VerbsCommon.Add, "AtlanTokenConnectionAdmin", HelpUri = "https://github.com/atlantokens/AtlanTokens.PowerShell/blob/main/docs/en-US/Add-AtlanTokenConnectionAdmin.md", SupportsShouldProcess = true, DefaultParameterSetName = ObjectSet)]
    [OutputType(typeof(GrantResult))]
    public sealed class AddAtlanTokenConnectionAdminCommand : GrantCmdlet
    {
        /// <summary>The connection, from Get-AtlanConnection (also from the pipeline).</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ObjectSet)]
        [ValidateNotNull]
        public AtlanConnection? Connection { get; set; }

        /// <summary>The connection's exact name; with -ConnectorType when several connections share it.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ConnectionNameCompleter))]
        public string? Name { get; set; }

        /// <summary>The connector type (connectorName), e.g. snowflake or bigquery.</summary>
        [Parameter(Position = 1, ParameterSetName = NameSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ConnectorTypeCompleter))]
        public string? ConnectorType { get; set; }

        internal override GrantRight Right => GrantRight.ConnectionAdmin;

        internal override object? TargetObject => Connection;

        internal override string? TargetName => Name;

        internal override string? ConnectorTypeFilter => ConnectorType;
    }
}
