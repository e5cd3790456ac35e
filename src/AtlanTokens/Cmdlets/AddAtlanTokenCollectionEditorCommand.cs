using System.Management.Automation;
using AtlanTokens.Model;

namespace AtlanTokens.Cmdlets
{
    /// <summary>Makes API tokens editors of a query collection, authorised by the bearer token of a user who already is an editor.</summary>
    [Cmdlet(VerbsCommon.Add, "AtlanTokenCollectionEditor", HelpUri = "https://github.com/atlantokens/AtlanTokens.PowerShell/blob/main/docs/en-US/Add-AtlanTokenCollectionEditor.md", SupportsShouldProcess = true, DefaultParameterSetName = ObjectSet)]
    [OutputType(typeof(GrantResult))]
    public sealed class AddAtlanTokenCollectionEditorCommand : CollectionGrantCmdlet
    {
        internal override GrantRight Right => GrantRight.CollectionEditor;
    }
}
