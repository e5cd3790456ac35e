using System.Management.Automation;
using AtlanTokens.Model;

namespace AtlanTokens.Cmdlets
{
    /// <summary>Makes API tokens viewers of a query collection, authorised by the bearer token of a user who is an editor of it.</summary>
    [Cmdlet(VerbsCommon.Add, "AtlanTokenCollectionViewer", HelpUri = "https://github.com/atlantokens/AtlanTokens.PowerShell/blob/main/docs/en-US/Add-AtlanTokenCollectionViewer.md", SupportsShouldProcess = true, DefaultParameterSetName = ObjectSet)]
    [OutputType(typeof(GrantResult))]
    public sealed class AddAtlanTokenCollectionViewerCommand : CollectionGrantCmdlet
    {
        internal override GrantRight Right => GrantRight.CollectionViewer;
    }
}
