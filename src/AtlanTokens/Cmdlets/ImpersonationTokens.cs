using System;
using System.Management.Automation;
using System.Security;
using AtlanTokens.Client;

namespace AtlanTokens.Cmdlets
{
    /// <summary>
    /// Local checks of a user's bearer token (the impersonation token) before it is sent anywhere, and the errors that
    /// explain how to get a fresh one. Nothing here ever puts the token, or any part of it, into a message.
    /// </summary>
    internal static class ImpersonationTokens
    {
        public const string ExpiredId = ErrorIds.ImpersonationTokenExpired;
        public const string RejectedId = ErrorIds.ImpersonationTokenRejected;

        internal static readonly TimeSpan WarnWithin = TimeSpan.FromMinutes(5);

        /// <summary>The section of about_AtlanTokens with the browser steps that copy a user's bearer token.</summary>
        public const string HelpSection = "The bearer-token catch-22";

        /// <summary>An error's recommended action: whose token is needed, and where the steps to copy one are (not the steps themselves).</summary>
        public static string HowToGetOne(string holder)
            => $"Pass a fresh bearer token of {holder} as -ImpersonationToken (Read-Host -AsSecureString); "
               + $"how to copy one from the browser: Get-Help about_AtlanTokens, section '{HelpSection}'.";

        /// <summary>Stops the cmdlet (before any call) when the token cannot work; warns when it is about to expire.</summary>
        public static void Check(AtlanCmdlet cmdlet, SecureString token, string holder, AtlanClock? clock = null)
        {
            if (!SecretText.IsWellFormedBearer(token, out string? problem))
            {
                cmdlet.ThrowError(RejectedId, ErrorCategory.AuthenticationError, null,
                    $"The impersonation token is malformed: {problem} Nothing was sent.",
                    HowToGetOne(holder));
            }

            DateTime? expires = JwtClaims.ExpiresAt(token, out bool isJwt);
            if (!isJwt || !expires.HasValue)
            {
                cmdlet.WriteVerbose("The impersonation token is not a JWT with an expiry; the tenant will judge it.");
                return;
            }

            DateTime now = (clock ?? AtlanClock.System).UtcNow.UtcDateTime;
            if (expires.Value <= now)
            {
                cmdlet.ThrowError(ExpiredId, ErrorCategory.AuthenticationError, null,
                    $"The impersonation token (the user's bearer token) expired at {expires.Value:yyyy-MM-dd HH:mm:ss} UTC, {Ago(now - expires.Value)} ago. Nothing was sent.",
                    HowToGetOne(holder));
            }

            if (expires.Value - now <= WarnWithin)
            {
                cmdlet.WriteWarning($"The impersonation token expires at {expires.Value:yyyy-MM-dd HH:mm:ss} UTC, in {Ago(expires.Value - now)}. If the grant fails with {RejectedId}, get a fresh one.");
            }
        }

        private static string Ago(TimeSpan span)
        {
            if (span.TotalSeconds < 120)
            {
                return $"{Math.Max(0, (int)span.TotalSeconds)} s";
            }

            return span.TotalMinutes < 120 ? $"{(int)span.TotalMinutes} min" : span.TotalHours < 48 ? $"{(int)span.TotalHours} h" : $"{(int)span.TotalDays} days";
        }
    }
}
