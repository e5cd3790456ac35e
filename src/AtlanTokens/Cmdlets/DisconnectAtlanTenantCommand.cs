using System.Management.Automation;
using AtlanTokens.Session;

namespace AtlanTokens.Cmdlets
{
    /// <summary>Closes a session (the default one unless -Session is given) and forgets it.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "AtlanTenant", HelpUri = "https://github.com/atlantokens/AtlanTokens.PowerShell/blob/main/docs/en-US/Disconnect-AtlanTenant.md")]
    [OutputType(typeof(void))]
    public sealed class DisconnectAtlanTenantCommand : AtlanCmdlet
    {
        /// <summary>The session to close; default: the runspace's default session.</summary>
        [Parameter(ValueFromPipeline = true)]
        public AtlanSession? Session { get; set; }

        protected override void ProcessRecord()
        {
            AtlanSession? current = DefaultSessions.Current;
            AtlanSession? target = Session ?? current;
            if (target == null)
            {
                WriteVerbose("Not connected to any Atlan tenant; nothing to disconnect.");
                return;
            }

            target.Dispose();
            if (ReferenceEquals(target, current))
            {
                DefaultSessions.Set(null);
            }

            WriteVerbose($"Disconnected from {target.BaseUrl}.");
        }
    }
}
