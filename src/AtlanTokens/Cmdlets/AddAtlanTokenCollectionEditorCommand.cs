using System.Management.Automation;
using AtlanTokens.Model;

namespace AtlanTokens.Cmdlets
{
    /// <summary>Makes API tokens editors of a query collection, authorised by the bearer token of a user who already is an editor.</summary>
    [Cmdlet(VerbsCommon.Add, "AtlanTokenCollectionEditor", SupportsShouldProcess = true, DefaultParameterSetName = ObjectSet)]
    [OutputType(typeof(GrantResult))]
    public sealed class AddAtlanTokenCollectionEditorCommand : GrantCmdlet
    {
        /// <summary>The query collection, from Get-AtlanCollection (also from the pipeline).</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ObjectSet)]
        [ValidateNotNull]
        public AtlanCollection? Collection { get; set; }

        /// <summary>The collection's exact name, as the impersonation token's user sees it.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(CollectionNameCompleter))]
        public string? Name { get; set; }

        internal override GrantRight Right => GrantRight.CollectionEditor;

        internal override object? TargetObject => Collection;

        internal override string? TargetName => Name;
    }
}
