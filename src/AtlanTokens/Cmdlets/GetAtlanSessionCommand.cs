using System.Management.Automation;
using AtlanTokens.Session;

namespace AtlanTokens.Cmdlets
{
    /// <summary>The runspace's default session, if connected (nothing otherwise).</summary>
    [Cmdlet(VerbsCommon.Get, "AtlanSession")]
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
