using System.Management.Automation;
using AtlanTokens.Model;

namespace AtlanTokens.Cmdlets
{
    /// <summary>What the collection editor and viewer grants share: the collection, by object or by name.</summary>
    public abstract class CollectionGrantCmdlet : GrantCmdlet
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

        internal override object? TargetObject => Collection;

        internal override string? TargetName => Name;
    }
}
