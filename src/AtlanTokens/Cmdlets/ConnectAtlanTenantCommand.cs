using System;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Session;

namespace AtlanTokens.Cmdlets
{
    /// <summary>Connects to a tenant with an API key, verifies the key, and makes the session the runspace's default.</summary>
    [Cmdlet(VerbsCommunications.Connect, "AtlanTenant", HelpUri = "https://github.com/atlantokens/AtlanTokens.PowerShell/blob/main/docs/en-US/Connect-AtlanTenant.md", DefaultParameterSetName = ApiKeySet)]
    [OutputType(typeof(AtlanSession))]
    public sealed class ConnectAtlanTenantCommand : AtlanCmdlet
    {
        private const string BaseUrlVariable = "ATLAN_BASE_URL";
        private const string ApiKeyVariable = "ATLAN_API_KEY";
        private const string ApiKeySet = "ApiKey";
        private const string CredentialSet = "Credential";

        /// <summary>The tenant, e.g. https://mytenant.atlan.com. Default: $env:ATLAN_BASE_URL.</summary>
        [Parameter(Position = 0)]
        public string? BaseUrl { get; set; }

        /// <summary>The API key (an API token's access token). Default: $env:ATLAN_API_KEY.</summary>
        [Parameter(Position = 1, ParameterSetName = ApiKeySet)]
        public SecureString? ApiKey { get; set; }

        /// <summary>
        /// A credential whose password is the API key, e.g. an Azure Automation credential asset
        /// (Get-AutomationPSCredential). The user name is only a label for whoever stores the credential: it is not
        /// sent and not checked (the tenant tells who the key acts as).
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [Credential]
        [ValidateNotNull]
        public PSCredential? Credential { get; set; }

        /// <summary>Allow http:// to a host other than this machine (the key would travel unencrypted).</summary>
        [Parameter]
        public SwitchParameter AllowInsecureHttp { get; set; }

        /// <summary>
        /// Requests a minute this process sends to the tenant with this key, shared by every session, runspace and
        /// parallel task on them (the request budget). Default 600, safely under the 1,000 a minute Atlan's FAQ tells
        /// clients to plan for; a 429 halves it for a while. Setting it changes the budget every session on this
        /// tenant and key shares.
        /// </summary>
        [Parameter]
        [ValidateRange(1, 1000000)]
        public int RequestsPerMinute { get; set; }

        /// <summary>Retries of a temporarily failing (502/503/504, connection refused) call; 429 answers are retried for time instead.</summary>
        [Parameter]
        [ValidateRange(0, 20)]
        public int MaxRetries { get; set; } = AtlanClientOptions.DefaultMaxRetries;

        /// <summary>Seconds one request may take before it fails with a timeout error.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = AtlanClientOptions.DefaultTimeoutSeconds;

        /// <summary>
        /// The overall deadline of one operation (everything a cmdlet does for one input item: all its requests, retries
        /// and waits). Default: three times -TimeoutSec.
        /// </summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int TotalTimeoutSec { get; set; }

        /// <summary>
        /// The most bytes read from one answer, counted after decompression; a larger answer fails with
        /// ResponseTooLarge. Default 64 MB (about 25 times a page of 500 tokens).
        /// </summary>
        [Parameter]
        [ValidateRange(1024L * 1024, 4L * 1024 * 1024 * 1024)]
        public long MaxResponseBytes { get; set; } = AtlanClientOptions.DefaultMaxResponseBytes;

        /// <summary>Also write the session to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            string? urlText = BaseUrl ?? Environment.GetEnvironmentVariable(BaseUrlVariable);
            if (!TenantUrl.TryParse(urlText, out Uri? baseUri, out string? problem, out bool pathDropped))
            {
                ThrowError("InvalidBaseUrl", ErrorCategory.InvalidArgument, urlText, problem!,
                    "Pass -BaseUrl https://<tenant>.atlan.com or set $env:ATLAN_BASE_URL.");
            }

            if (baseUri!.Scheme == Uri.UriSchemeHttp && !TenantUrl.IsLoopback(baseUri))
            {
                if (!AllowInsecureHttp)
                {
                    ThrowError("InsecureBaseUrl", ErrorCategory.SecurityError, urlText,
                        $"'{baseUri.GetLeftPart(UriPartial.Authority)}' uses http://, which would send the API key unencrypted. Use https://.",
                        "Use https://. Only if you must (a test tenant behind a trusted network), add -AllowInsecureHttp.");
                }

                WriteWarning($"Connecting to {baseUri.GetLeftPart(UriPartial.Authority)} over unencrypted http://: the API key can be read by anyone on the network path.");
            }

            if (pathDropped)
            {
                WriteWarning($"Atlan serves its API at the root of the tenant: the path and query of '{urlText}' are ignored; using {baseUri.GetLeftPart(UriPartial.Authority)}.");
            }

            // One normalisation for every way a key arrives: surrounding white space (a trailing newline from a file or
            // a pasted value) is trimmed.
            SecureString? apiKey = Credential != null ? Credential.Password : ApiKey;
            if (apiKey == null && Environment.GetEnvironmentVariable(ApiKeyVariable) is string fromEnvironment && fromEnvironment.Length > 0)
            {
                apiKey = SecretText.FromString(fromEnvironment);
            }

            if (apiKey != null)
            {
                apiKey = TrimKey(apiKey);
            }

            if (SecretText.IsBlank(apiKey))
            {
                ThrowError("ApiKeyMissing", ErrorCategory.InvalidArgument, null,
                    Credential != null ? "The credential's password (the API key) is empty." : "No API key was given and ATLAN_API_KEY is not set.",
                    "Pass -ApiKey (Read-Host -AsSecureString) or -Credential (its password is the key), or set $env:ATLAN_API_KEY.");
            }

            if (!SecretText.IsWellFormedBearer(apiKey!, out string? malformed))
            {
                ThrowError("ApiKeyMalformed", ErrorCategory.InvalidArgument, null,
                    $"The API key cannot be used: {malformed} Nothing was sent.",
                    "Pass the API token's access token exactly as Atlan showed it when the token was created.");
            }

            DateTime? expires = JwtClaims.ExpiresAt(apiKey!, out _);
            if (expires.HasValue && expires.Value <= DateTime.UtcNow)
            {
                ThrowError("ApiKeyExpired", ErrorCategory.AuthenticationError, baseUri.GetLeftPart(UriPartial.Authority),
                    $"The API key expired at {expires.Value:u}, so {baseUri.GetLeftPart(UriPartial.Authority)} would reject it.",
                    "Create a new API token (New-AtlanApiToken, or in Atlan's admin center) and connect with its key.");
            }

            var options = new AtlanClientOptions
            {
                MaxRetries = MaxRetries,
                RequestTimeout = TimeSpan.FromSeconds(TimeoutSec),
                TotalTimeoutOverride = TotalTimeoutSec > 0 ? TimeSpan.FromSeconds(Math.Max(TotalTimeoutSec, TimeoutSec)) : (TimeSpan?)null,
                MaxResponseBytes = MaxResponseBytes,
                RequestsPerMinute = MyInvocation.BoundParameters.ContainsKey(nameof(RequestsPerMinute)) ? RequestsPerMinute : (int?)null,
            };
            Task<AtlanSession> connecting = Start((log, token) => AtlanSessionFactory.ConnectAsync(baseUri, apiKey!, options, log, token));
            AtlanSession session;
            try
            {
                session = Collect(connecting);
            }
            catch (AtlanApiException e) when (e.StatusCode == 401)
            {
                ThrowTerminatingError(AtlanErrors.Record(
                    new AtlanAuthenticationException($"The tenant {baseUri.GetLeftPart(UriPartial.Authority)} rejected the API key (401): it is wrong, has expired or was deleted. {e.Message}", e),
                    "AtlanAuthenticationFailed",
                    ErrorCategory.AuthenticationError,
                    baseUri.GetLeftPart(UriPartial.Authority),
                    "Check that the key belongs to this tenant and has not expired; create a new API token if needed."));
                return;
            }
            catch (Exception e) when (AtlanErrors.IsModuleFailure(e))
            {
                ThrowTerminatingError(AtlanErrors.ToRecord(e, baseUri.GetLeftPart(UriPartial.Authority), null));
                return;
            }
            catch
            {
                // Stopped while waiting (the factory disposes the client when the connect fails): a session that still
                // arrives is nobody's, so it is closed.
                connecting.ContinueWith(t => t.Result.Dispose(), TaskContinuationOptions.OnlyOnRanToCompletion);
                throw;
            }

            DefaultSessions.Set(session);
            WriteVerbose($"Connected to {session.BaseUrl} as {session.UserName}.");
            if (PassThru)
            {
                WriteObject(session);
            }
        }

        /// <summary>A read-only copy of the key without surrounding white space; the plain text lives only in a zeroed buffer.</summary>
        private static SecureString TrimKey(SecureString key)
        {
            IntPtr pointer = IntPtr.Zero;
            char[] buffer = new char[key.Length];
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(key);
                Marshal.Copy(pointer, buffer, 0, buffer.Length);
            }
            finally
            {
                if (pointer != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(pointer);
                }
            }

            int start = 0;
            int end = buffer.Length;
            while (start < end && char.IsWhiteSpace(buffer[start]))
            {
                start++;
            }

            while (end > start && char.IsWhiteSpace(buffer[end - 1]))
            {
                end--;
            }

            if (start > 0)
            {
                Array.Copy(buffer, start, buffer, 0, end - start);
            }

            return SecretText.FromBuffer(buffer, end - start);
        }
    }
}
