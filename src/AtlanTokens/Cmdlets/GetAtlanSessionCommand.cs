using System.Management.Automation;
using AtlanTokens.Session;

namespace AtlanTokens.Cmdlets
{
    /// <summary>The runspace's default session, if connected (nothing otherwise).</summary>
    [Cmdlet(VerbsCommon.Get, "AtlanSession", HelpUri = "https://github.com/atlantokens/AtlanTokens.PowerShell/blob/main/docs/en-US/Get-AtlanSession.md")]
    [OutputType(typeof(AtlanSession))]
    public sealed class GetAtlanSessionCommand : AtlanCmdlet
    {
        protected override void EndProcessing()
        {
            AtlanSession? session = DefaultSessions.Current;
            if (session != null)
            {
                WriteObject(session);
            }
        }
    }
}
