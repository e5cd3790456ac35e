using System.Management.Automation;
using AtlanTokens.Model;

namespace AtlanTokens.Cmdlets
{
    /// <summary>Removes API tokens from a query collection's editors, authorised by the bearer token of an editor; every other editor is kept.</summary>
    [Cmdlet(VerbsCommon.Remove, "AtlanTokenCollectionEditor", HelpUri = "https://github.com/atlantokens/AtlanTokens.PowerShell/blob/main/docs/en-US/Remove-AtlanTokenCollectionEditor.md", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = GrantSet)]
    [OutputType(typeof(GrantResult))]
    public sealed class RemoveAtlanTokenCollectionEditorCommand : RemoveCollectionGrantCmdlet
    {
        internal override GrantRight Right => GrantRight.CollectionEditor;
    }
}
