namespace AtlanTokens.Client
{
    /// <summary>
    /// A removal of a collection editor that is the collection's creator: Atlas puts a collection's creator back into
    /// adminUsers on every save that carries adminUsers (QueryCollectionPreProcessor), so the creator always stays an
    /// editor. Not a concurrent writer: nothing about the creator was sent.
    /// </summary>
    public sealed class CollectionCreatorKeptException : AtlanException
    {
        internal CollectionCreatorKeptException(string message, string creator, GrantTarget stored, bool othersChanged)
            : base(message, "POST", EntitiesEndpoint.BulkPath, null, null)
        {
            Creator = creator;
            Stored = stored;
            OthersChanged = othersChanged;
        }

        /// <summary>The creator's username, still in adminUsers.</summary>
        public string Creator { get; }

        public string ObjectGuid => Stored.Guid;

        /// <summary>The collection as stored after the rest of the change (if any) was applied.</summary>
        internal GrantTarget Stored { get; }

        /// <summary>Other names of the same change were removed or added.</summary>
        public bool OthersChanged { get; }

        public override string ErrorId => ErrorIds.CollectionCreatorKept;

        public override bool MayHaveBeenApplied => OthersChanged;

        internal static string Explain(string creator, GrantTarget stored)
            => $"{creator} created the query collection '{stored.Name}' ({stored.QualifiedName}), and Atlas always keeps a collection's creator "
               + "as an editor (it puts the creator back into adminUsers on every save), so it cannot be removed as editor. Nothing was sent for it.";
    }
}
