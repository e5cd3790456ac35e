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
    }
}
