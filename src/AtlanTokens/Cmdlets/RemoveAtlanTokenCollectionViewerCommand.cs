using System.Management.Automation;
using AtlanTokens.Model;

namespace AtlanTokens.Cmdlets
{
    /// <summary>Removes API tokens from a query collection's viewers, authorised by the bearer token of an editor; every other viewer is kept.</summary>
    [Cmdlet(VerbsCommon.Remove, "AtlanTokenCollectionViewer", HelpUri = "https://github.com/atlantokens/AtlanTokens.PowerShell/blob/main/docs/en-US/Remove-AtlanTokenCollectionViewer.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = GrantSet)]
    [OutputType(typeof(GrantResult))]
    public sealed class RemoveAtlanTokenCollectionViewerCommand : RemoveCollectionGrantCmdlet
    {
        internal override GrantRight Right => GrantRight.CollectionViewer;
    }
}
