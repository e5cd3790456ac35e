using System;
using System.Collections.Generic;
using System.Management.Automation;
using AtlanTokens.Client;
using AtlanTokens.Model;

namespace AtlanTokens.Cmdlets
{
    /// <summary>
    /// The one object that carries a token's one-time secret (New-AtlanApiToken, Invoke-AtlanApiTokenRotation): the secret
    /// is a member of this object only, so tokens read back have no AccessToken at all; its type name selects the view
    /// whose AccessToken column says "store it now".
    /// </summary>
    internal static class SecretOutput
    {
        /// <summary>The type name of a token that carries its secret; AtlanTokens.format.ps1xml has its views.</summary>
        public const string TypeName = "AtlanTokens.Model.ApiToken#WithSecret";

        /// <summary>The token as emitted: with its secret (a SecureString unless <paramref name="plain"/>), or as it is when it has none.</summary>
        public static object WithSecret(ApiToken token, bool plain)
        {
            if (token.AccessToken == null)
            {
                return token;
            }

            var output = new PSObject(token);
            output.TypeNames.Insert(0, TypeName);
            output.Properties.Add(new PSNoteProperty(nameof(ApiToken.AccessToken), plain ? SecretText.Reveal(token.AccessToken) : (object)token.AccessToken));
            return output;
        }

        /// <summary>
        /// One warning line when tokens that carried their secret went straight to an interactive console, where the
        /// secret is shown only as a placeholder and lost (see <see cref="UncapturedOutput"/> for when that is known).
        /// </summary>
        public static void WarnIfUncaptured(PSCmdlet cmdlet, IReadOnlyList<ApiToken> delivered)
        {
            if (delivered.Count == 0 || !UncapturedOutput.IsUncaptured(UncapturedOutput.InvocationFacts.Of(cmdlet, IsOutputRedirected())))
            {
                return;
            }

            cmdlet.WriteWarning(UncapturedWarning(delivered));
        }

        internal static string UncapturedWarning(IReadOnlyList<ApiToken> delivered)
        {
            ApiToken first = delivered[0];
            string which = delivered.Count == 1 ? $"The AccessToken of '{CompletionSupport.Visible(first.DisplayName ?? first.Guid)}' was" : $"The AccessTokens of {delivered.Count} new tokens were";
            return $"{which} only displayed, not stored, and cannot be read again. Keep the output next time ($token = ...); "
                + $"for a new secret now, rotate: Invoke-AtlanApiTokenRotation -Guid {CommandLine.Guid(first.Guid)}{(delivered.Count == 1 ? string.Empty : " (and the others)")}";
        }

        private static bool IsOutputRedirected()
        {
            try
            {
                return Console.IsOutputRedirected;
            }
            catch (System.IO.IOException)
            {
                return true; // no console at all
            }
        }
    }
}
