using System.Management.Automation;
using AtlanTokens.Model;
using AtlanTokens.Operations;

namespace AtlanTokens.Cmdlets
{
    /// <summary>What the collection editor and viewer removals share: grant objects from Get-AtlanTokenGrant, and -Force.</summary>
    public abstract class RemoveCollectionGrantCmdlet : CollectionGrantCmdlet
    {
        /// <summary>A grant from Get-AtlanTokenGrant (also from the pipeline): removes that token from that collection.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = GrantSet)]
        [ValidateNotNull]
        public TokenGrant? Grant { get; set; }

        /// <summary>Removes without asking for confirmation (for runbooks); -WhatIf still only shows what would happen.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        internal override object? TargetObject => (object?)Grant ?? Collection;

        internal override GrantDirection Direction => GrantDirection.Remove;

        internal override bool Forced => Force;
    }
}
