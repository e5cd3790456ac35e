using System.Collections.Generic;
using System.Linq;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Model;

namespace AtlanTokens.Operations
{
    /// <summary>
    /// Everything a grant says or looks up differently per right: nouns, list attribute, who may grant, error ids, the
    /// look-up command to suggest, and how to find the asset by name. One code path (<see cref="GrantChange"/>) reads it.
    /// </summary>
    internal sealed class GrantKind
    {
        public static readonly GrantKind ConnectionAdmin = new GrantKind(
            GrantRight.ConnectionAdmin, "connection", "connection admin", "a connection admin of it",
            "a user who is already a connection admin of the connection",
            ErrorIds.ConnectionNotFound, ErrorIds.ConnectionNameAmbiguous, "Get-AtlanConnection", string.Empty,
            "List the connections and their connector types with Get-AtlanConnection.");

        public static readonly GrantKind CollectionEditor = new GrantKind(
            GrantRight.CollectionEditor, "query collection", "collection editor", "an editor (or owner) of it",
            "a user who is already an editor (or owner) of the query collection",
            ErrorIds.CollectionNotFound, ErrorIds.CollectionNameAmbiguous, "Get-AtlanCollection", ", or that user is neither editor nor viewer of it",
            "Names are exact and case-sensitive; list what that user sees with Get-AtlanCollection -ImpersonationToken $token.");

        public static readonly GrantKind CollectionViewer = new GrantKind(
            GrantRight.CollectionViewer, CollectionEditor.Noun, "collection viewer", CollectionEditor.HolderShort, CollectionEditor.Holder,
            CollectionEditor.NotFoundId, CollectionEditor.AmbiguousId, CollectionEditor.LookupCommand, CollectionEditor.InvisibleReason, CollectionEditor.FindHint);

        private GrantKind(GrantRight right, string noun, string rightText, string holderShort, string holder, string notFoundId, string ambiguousId, string lookupCommand, string invisibleReason, string findHint)
        {
            Right = right;
            Noun = noun;
            RightText = rightText;
            HolderShort = holderShort;
            Holder = holder;
            NotFoundId = notFoundId;
            AmbiguousId = ambiguousId;
            LookupCommand = lookupCommand;
            InvisibleReason = invisibleReason;
            FindHint = findHint;
        }

        public GrantRight Right { get; }

        /// <summary>"connection" or "query collection".</summary>
        public string Noun { get; }

        /// <summary>"connection admin", "collection editor", "collection viewer".</summary>
        public string RightText { get; }

        /// <summary>The right the impersonation token's user needs, said of the asset ("a connection admin of it").</summary>
        public string HolderShort { get; }

        /// <summary>Whose bearer token the impersonation token must be.</summary>
        public string Holder { get; }

        public string NotFoundId { get; }

        public string AmbiguousId { get; }

        /// <summary>The cmdlet that lists such assets.</summary>
        public string LookupCommand { get; }

        /// <summary>Why an existing asset may still be invisible to the impersonation token's user.</summary>
        public string InvisibleReason { get; }

        public string FindHint { get; }

        public string ListAttribute => AccessListChange.ListAttributeOf(Right);

        public string TypeName => AccessListChange.TypeNameOf(Right);

        public bool HasConnector => Right == GrantRight.ConnectionAdmin;

        public static GrantKind For(GrantRight right) => right switch
        {
            GrantRight.ConnectionAdmin => ConnectionAdmin,
            GrantRight.CollectionEditor => CollectionEditor,
            _ => CollectionViewer,
        };

        public string Describe(GrantTarget asset) => HasConnector
            ? $"connection '{DisplayText.Visible(asset.Name ?? string.Empty)}' ({DisplayText.Visible(asset.ConnectorName ?? "?")}, {DisplayText.Visible(asset.QualifiedName ?? string.Empty)})"
            : $"query collection '{DisplayText.Visible(asset.Name ?? string.Empty)}' ({DisplayText.Visible(asset.QualifiedName ?? string.Empty)})";

        /// <summary>Assets of this kind with that exact name (and connector type), as the bearer's user sees them: one search.</summary>
        public async Task<List<NamedAsset>> FindByNameAsync(AssetLookup assets, string name, string? connectorType, SecureString bearer, IAtlanLog log, CancellationToken cancellationToken)
            => HasConnector
                ? (await assets.FindConnectionsAsync(name, connectorType, null, log, cancellationToken, bearer).ConfigureAwait(false))
                    .Select(c => new NamedAsset(c.Guid, c.ConnectorType, $"'{c.Name}' (connector type {c.ConnectorType}, {c.QualifiedName}, guid {c.Guid})")).ToList()
                : (await assets.FindCollectionsAsync(name, null, log, cancellationToken, bearer).ConfigureAwait(false))
                    .Select(c => new NamedAsset(c.Guid, null, $"'{c.Name}' ({c.QualifiedName}, guid {c.Guid})")).ToList();
    }
}
