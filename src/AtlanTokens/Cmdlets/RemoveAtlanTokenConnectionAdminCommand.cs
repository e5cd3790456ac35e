using System.Management.Automation;
using AtlanTokens.Model;
using AtlanTokens.Operations;

namespace AtlanTokens.Cmdlets
{
    /// <summary>
    /// Removes API tokens from a connection's admins, authorised by the bearer token of a user who is a connection admin;
    /// every other admin is kept, and the last admin is never removed.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "AtlanTokenConnectionAdmin", HelpUri = "https://github.com/atlantokens/AtlanTokens.PowerShell/blob/main/docs/en-US/Remove-AtlanTokenConnectionAdmin.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = GrantSet)]
    [OutputType(typeof(GrantResult))]
    public sealed class RemoveAtlanTokenConnectionAdminCommand : GrantCmdlet
    {
        /// <summary>The connection, from Get-AtlanConnection (also from the pipeline).</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ObjectSet)]
        [ValidateNotNull]
        public AtlanConnection? Connection { get; set; }

        /// <summary>A grant from Get-AtlanTokenGrant (also from the pipeline): removes that token from that connection.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = GrantSet)]
        [ValidateNotNull]
        public TokenGrant? Grant { get; set; }

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

        /// <summary>Removes without asking for confirmation (for runbooks); -WhatIf still only shows what would happen.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        internal override GrantRight Right => GrantRight.ConnectionAdmin;

        internal override object? TargetObject => (object?)Grant ?? Connection;

        internal override string? TargetName => Name;

        internal override string? ConnectorTypeFilter => ConnectorType;

        internal override GrantDirection Direction => GrantDirection.Remove;

        internal override bool Forced => Force;
    }
}
