using System.Management.Automation;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Session;

namespace AtlanTokens.Cmdlets
{
    /// <summary>Deletes API tokens for good; their keys stop working at once.</summary>
    [Cmdlet(VerbsCommon.Remove, "AtlanApiToken", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(void))]
    public sealed class RemoveAtlanApiTokenCommand : ApiTokenTargetCmdlet
    {
        /// <summary>Delete without asking (for runbooks, which cannot answer a prompt). -WhatIf still wins.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            // A piped token is deleted by its GUID as is: a re-read would double the calls of a bulk removal.
            ApiToken? token = ReadTarget(out AtlanSession session, refreshPiped: false);
            if (token == null)
            {
                return;
            }

            string target = Describe(token);
            const string action = "Delete permanently (its key stops working)";
            bool confirmed = (Force && !IsWhatIf) || ShouldChange(target, action);
            if (!confirmed)
            {
                return;
            }

            try
            {
                Await((log, cancel) => session.ApiTokens.DeleteAsync(token.Guid, log, cancel));
                WriteVerbose($"Deleted {target}.");
            }
            catch (AtlanApiException e) when (e.StatusCode == 404 && e.EarlierAttemptMayHaveApplied)
            {
                WriteVerbose($"Deleted {target}: an earlier attempt whose answer was lost had already deleted it.");
            }
            catch (AtlanException e)
            {
                WriteFailure(e, token, "ApiTokenNotFoundByGuid");
            }
        }
    }
}
