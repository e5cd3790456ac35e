namespace AtlanTokens.Operations
{
    /// <summary>An asset found by name: enough to pick it (GUID, connector type) and to list it in a message.</summary>
    internal sealed class NamedAsset
    {
        public NamedAsset(string guid, string? connectorType, string label)
        {
            Guid = guid;
            ConnectorType = connectorType;
            Label = label;
        }

        public string Guid { get; }

        public string? ConnectorType { get; }

        public string Label { get; }
    }
}
