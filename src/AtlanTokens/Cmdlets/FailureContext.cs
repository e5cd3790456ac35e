using AtlanTokens.Operations;

namespace AtlanTokens.Cmdlets
{
    /// <summary>
    /// What the one error mapping (<see cref="AtlanErrors"/>) needs to know about the command a failure happened in, so
    /// that its message and recommended action can be specific (the noun, whose bearer token is needed, the look-up
    /// command) without the cmdlet mapping the failure again.
    /// </summary>
    internal sealed class FailureContext
    {
        private FailureContext()
        {
        }

        /// <summary>"connection" or "query collection"; null when the command is not about an asset.</summary>
        public string? Noun { get; private set; }

        /// <summary>Whose bearer token -ImpersonationToken must be; null when the command takes none.</summary>
        public string? Holder { get; private set; }

        /// <summary>The cmdlet that lists the assets (Get-AtlanConnection, Get-AtlanCollection).</summary>
        public string? LookupCommand { get; private set; }

        /// <summary>adminUsers or viewerUsers.</summary>
        public string? ListAttribute { get; private set; }

        /// <summary>How to find the asset that was not found.</summary>
        public string? FindHint { get; private set; }

        /// <summary>The command's own name, for a suggested pipeline into it.</summary>
        public string? CommandName { get; private set; }

        /// <summary>True when the asset's name is ambiguous without a connector type.</summary>
        public bool HasConnector { get; private set; }

        /// <summary>The tenant being connected to (Connect-AtlanTenant): a 401 then speaks of the key for this tenant.</summary>
        public string? ConnectingTo { get; private set; }

        public static FailureContext ForGrant(GrantKind kind, string commandName) => new FailureContext
        {
            Noun = kind.Noun,
            Holder = kind.Holder,
            LookupCommand = kind.LookupCommand,
            ListAttribute = kind.ListAttribute,
            FindHint = kind.FindHint,
            CommandName = commandName,
            HasConnector = kind.HasConnector,
        };

        /// <summary>A command whose errors suggest command lines that run it again (under its own name).</summary>
        public static FailureContext ForCommand(string commandName) => new FailureContext { CommandName = commandName };

        /// <summary>A command that works partly with a user's bearer token.</summary>
        public static FailureContext Impersonating(string holder) => new FailureContext { Holder = holder };

        /// <summary>Connect-AtlanTenant: a 401 says the key (or the OAuth client <paramref name="oauthClientId"/>) was refused.</summary>
        public static FailureContext Connecting(string tenant, string? oauthClientId = null) => new FailureContext { ConnectingTo = tenant, OAuthClientId = oauthClientId };

        /// <summary>The OAuth client a connect authenticated as (null for an API key).</summary>
        public string? OAuthClientId { get; private set; }
    }
}
