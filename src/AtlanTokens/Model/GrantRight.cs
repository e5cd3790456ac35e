namespace AtlanTokens.Model
{
    /// <summary>The right a grant gives an API token on an asset.</summary>
    public enum GrantRight
    {
        /// <summary>Connection admin (the connection's adminUsers): may manage the connection's policies.</summary>
        ConnectionAdmin,

        /// <summary>Query collection editor (the collection's adminUsers): may change the collection and its queries.</summary>
        CollectionEditor,

        /// <summary>Query collection viewer (the collection's viewerUsers): may view and run its queries.</summary>
        CollectionViewer,
    }
}
