using System.Management.Automation;
using AtlanTokens.Session;

namespace AtlanTokens.Cmdlets
{
    /// <summary>
    /// Closes a session (the default one unless -Session is given) and forgets it. When the default session is closed,
    /// the default before it (if still open) becomes the default again, so a script that connected on its own leaves its
    /// caller's session in place.
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "AtlanTenant", HelpUri = "https://github.com/atlantokens/AtlanTokens.PowerShell/blob/main/docs/en-US/Disconnect-AtlanTenant.md")]
    [OutputType(typeof(void))]
    public sealed class DisconnectAtlanTenantCommand : AtlanCmdlet
    {
        /// <summary>The session to close; default: the runspace's default session.</summary>
        [Parameter(ValueFromPipeline = true)]
        public AtlanSession? Session { get; set; }

        protected override void ProcessRecord()
        {
            AtlanSession? target = Session ?? DefaultSessions.Current;
            if (target == null)
            {
                WriteVerbose("Not connected to any Atlan tenant; nothing to disconnect.");
                return;
            }

            target.Dispose();
            AtlanSession? restored = DefaultSessions.Remove(target);
            WriteVerbose($"Disconnected from {target.BaseUrl}.");
            if (restored != null)
            {
                WriteVerbose($"The default session is again {restored.UserName} @ {restored.BaseUrl}.");
            }
        }
    }
}
