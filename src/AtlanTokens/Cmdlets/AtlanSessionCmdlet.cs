using System;
using System.Management.Automation;
using AtlanTokens.Client;
using AtlanTokens.Session;

namespace AtlanTokens.Cmdlets
{
    /// <summary>A cmdlet that acts on a tenant: takes -Session, else the object's session, else the runspace's default.</summary>
    public abstract class AtlanSessionCmdlet : AtlanCmdlet
    {
        /// <summary>The session to use instead of the default one (from Connect-AtlanTenant -PassThru).</summary>
        [Parameter]
        [ValidateNotNull]
        public AtlanSession? Session { get; set; }

        /// <summary>The session for an item: -Session, else the session the item was read through, else the default.</summary>
        internal AtlanSession ResolveSession(AtlanSession? carried = null)
        {
            AtlanSession? session;
            if (Session != null)
            {
                if (carried != null && !ReferenceEquals(carried, Session))
                {
                    ThrowError(
                        ErrorIds.SessionMismatch,
                        ErrorCategory.InvalidArgument,
                        Session,
                        $"The piped object was read from {carried.BaseUrl}, but -Session points to {Session.BaseUrl}. Nothing was changed.",
                        "Leave out -Session to act on the object's own tenant, or read the object through the session you mean.");
                }

                session = Session;
            }
            else
            {
                // A closed carried session is an error below, never a silent switch to another tenant.
                session = carried ?? DefaultSessions.Current;
            }

            if (session == null)
            {
                ThrowError(
                    ErrorIds.NoAtlanSession,
                    ErrorCategory.InvalidOperation,
                    null,
                    "Not connected to an Atlan tenant. Run Connect-AtlanTenant first (or pass -Session).",
                    "Connect-AtlanTenant -BaseUrl https://<tenant>.atlan.com -ApiKey (Read-Host -AsSecureString), or set ATLAN_BASE_URL and ATLAN_API_KEY and run Connect-AtlanTenant.");
            }

            if (!session!.IsOpen)
            {
                ThrowError(
                    ErrorIds.AtlanSessionClosed,
                    ErrorCategory.InvalidOperation,
                    session,
                    $"The session for {session.BaseUrl} was disconnected. Run Connect-AtlanTenant again, then read the objects again through the new session.");
            }

            return session;
        }

        /// <summary>A grant cmdlet with no token named, on a session that authenticates as an OAuth client.</summary>
        internal void WriteOAuthSessionHasNoApiToken(AtlanSession session)
            => WriteError(
                ErrorIds.OAuthSessionHasNoApiToken,
                ErrorCategory.InvalidOperation,
                session,
                $"The session authenticates as the OAuth client '{session.OAuthClientId}', which is not an API token, so it has no token of its own to use here.",
                "Name the tokens: pipe them from Get-AtlanApiToken (Get-AtlanApiToken -Name 'ci-*' | ...), or pass -Token.");
    }
}
