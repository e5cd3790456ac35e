using System.Management.Automation;
using AtlanTokens.Session;

namespace AtlanTokens.Cmdlets
{
    /// <summary>The runspace's default session, if connected (nothing otherwise); with -All, every open session of the runspace.</summary>
    [Cmdlet(VerbsCommon.Get, "AtlanSession", DefaultParameterSetName = DefaultSet, HelpUri = "https://github.com/atlantokens/AtlanTokens.PowerShell/blob/main/docs/en-US/Get-AtlanSession.md")]
    [OutputType(typeof(AtlanSession))]
    public sealed class GetAtlanSessionCommand : AtlanCmdlet
    {
        private const string DefaultSet = "Default";
        private const string AllSet = "All";

        /// <summary>
        /// Every open session connected in this runspace (the default one and those connected with -NoDefault), oldest
        /// first.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = AllSet)]
        public SwitchParameter All { get; set; }

        protected override void EndProcessing()
        {
            if (All)
            {
                foreach (AtlanSession open in DefaultSessions.All)
                {
                    WriteObject(open);
                }

                return;
            }

            AtlanSession? session = DefaultSessions.Current;
            if (session != null)
            {
                WriteObject(session);
            }
        }
    }
}
