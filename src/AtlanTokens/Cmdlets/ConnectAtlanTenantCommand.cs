using System;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Session;

namespace AtlanTokens.Cmdlets
{
    /// <summary>
    /// Connects to a tenant with an API key or as an OAuth client, verifies the credentials, and makes the session the
    /// runspace's default (unless -NoDefault).
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "AtlanTenant", HelpUri = "https://github.com/atlantokens/AtlanTokens.PowerShell/blob/main/docs/en-US/Connect-AtlanTenant.md", DefaultParameterSetName = ApiKeySet)]
    [OutputType(typeof(AtlanSession))]
    public sealed class ConnectAtlanTenantCommand : AtlanCmdlet
    {
        private const string BaseUrlVariable = "ATLAN_BASE_URL";
        private const string ApiKeyVariable = "ATLAN_API_KEY";
        private const string OAuthClientIdVariable = "ATLAN_OAUTH_CLIENT_ID";
        private const string OAuthClientSecretVariable = "ATLAN_OAUTH_CLIENT_SECRET";
        private const string ApiKeySet = "ApiKey";
        private const string CredentialSet = "Credential";
        private const string OAuthClientSet = "OAuthClient";
        private const string OAuthCredentialSet = "OAuthCredential";

        /// <summary>The tenant, e.g. https://mytenant.atlan.com. Default: $env:ATLAN_BASE_URL.</summary>
        [Parameter(Position = 0)]
        public string? BaseUrl { get; set; }

        // ---- Parameter set ApiKey (default) -------------------------------------------------------------------------

        /// <summary>
        /// The API key (an API token's access token). Default: $env:ATLAN_API_KEY, else the OAuth client of
        /// $env:ATLAN_OAUTH_CLIENT_ID and $env:ATLAN_OAUTH_CLIENT_SECRET.
        /// </summary>
        [Parameter(Position = 1, ParameterSetName = ApiKeySet)]
        public SecureString? ApiKey { get; set; }

        // ---- Parameter set Credential -------------------------------------------------------------------------------

        /// <summary>
        /// A credential whose password is the API key, e.g. an Azure Automation credential asset
        /// (Get-AutomationPSCredential). The user name is only a label for whoever stores the credential: it is not
        /// sent and not checked (the tenant tells who the key acts as).
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [Credential]
        [ValidateNotNull]
        public PSCredential? Credential { get; set; }

        // ---- Parameter set OAuthClient ------------------------------------------------------------------------------

        /// <summary>The OAuth client's id (Atlan: Admin > API access > OAuth clients), e.g. oauth-client-....</summary>
        [Parameter(Mandatory = true, ParameterSetName = OAuthClientSet)]
        [ValidateNotNullOrEmpty]
        public string? OAuthClientId { get; set; }

        /// <summary>The OAuth client's secret.</summary>
        [Parameter(Mandatory = true, ParameterSetName = OAuthClientSet)]
        [ValidateNotNull]
        public SecureString? OAuthClientSecret { get; set; }

        // ---- Parameter set OAuthCredential --------------------------------------------------------------------------

        /// <summary>
        /// An OAuth client as a credential: the user name is the client id, the password the client secret (e.g. an
        /// Azure Automation credential asset).
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = OAuthCredentialSet)]
        [Credential]
        [ValidateNotNull]
        public PSCredential? OAuthCredential { get; set; }

        // ---- Every parameter set ------------------------------------------------------------------------------------

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

        /// <summary>
        /// Seconds after a create attempt whose answer was lost during which its token may still appear; New-AtlanApiToken
        /// watches that long (after delivering the token) for such a late copy and removes it. Default 30.
        /// </summary>
        [Parameter]
        [ValidateRange(0, 3600)]
        public int CreateSettleSec { get; set; } = AtlanClientOptions.DefaultCreateSettleSeconds;

        /// <summary>
        /// The least time, in milliseconds, a grant or revoke waits between its save and the read that checks it (the
        /// wait is 1.5 times that change's own read-to-save time when longer, at most 10 s), so that another writer
        /// that read the asset before the save has written by then. Default 100.
        /// </summary>
        [Parameter]
        [ValidateRange(0, 10000)]
        public int GrantSettleMs { get; set; } = AtlanClientOptions.DefaultGrantSettleMilliseconds;

        /// <summary>Also write the session to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>
        /// Leave the runspace's default session as it is: the new session is written to the pipeline (as with
        /// -PassThru) and used only where it is passed with -Session.
        /// </summary>
        [Parameter]
        public SwitchParameter NoDefault { get; set; }

        protected override void EndProcessing()
        {
            string? urlText = BaseUrl ?? Environment.GetEnvironmentVariable(BaseUrlVariable);
            if (!TenantUrl.TryParse(urlText, out Uri? baseUri, out string? problem, out bool pathDropped))
            {
                ThrowError(ErrorIds.InvalidBaseUrl, ErrorCategory.InvalidArgument, urlText, problem!,
                    "Pass -BaseUrl https://<tenant>.atlan.com or set $env:ATLAN_BASE_URL.");
            }

            if (baseUri!.Scheme == Uri.UriSchemeHttp && !TenantUrl.IsLoopback(baseUri))
            {
                if (!AllowInsecureHttp)
                {
                    ThrowError(ErrorIds.InsecureBaseUrl, ErrorCategory.SecurityError, urlText,
                        $"'{baseUri.GetLeftPart(UriPartial.Authority)}' uses http://, which would send the API key (or OAuth client secret) unencrypted. Use https://.",
                        "Use https://. Only if you must (a test tenant behind a trusted network), add -AllowInsecureHttp.");
                }

                WriteWarning($"Connecting to {baseUri.GetLeftPart(UriPartial.Authority)} over unencrypted http://: the API key (or OAuth client secret) can be read by anyone on the network path.");
            }

            if (pathDropped)
            {
                WriteWarning($"Atlan serves its API at the root of the tenant: the path and query of '{urlText}' are ignored; using {baseUri.GetLeftPart(UriPartial.Authority)}.");
            }

            var options = new AtlanClientOptions
            {
                MaxRetries = MaxRetries,
                RequestTimeout = TimeSpan.FromSeconds(TimeoutSec),
                TotalTimeoutOverride = TotalTimeoutSec > 0 ? TimeSpan.FromSeconds(Math.Max(TotalTimeoutSec, TimeoutSec)) : (TimeSpan?)null,
                MaxResponseBytes = MaxResponseBytes,
                CreateSettleTime = TimeSpan.FromSeconds(CreateSettleSec),
                GrantSettleMin = TimeSpan.FromMilliseconds(GrantSettleMs),
                RequestsPerMinute = MyInvocation.BoundParameters.ContainsKey(nameof(RequestsPerMinute)) ? RequestsPerMinute : (int?)null,
            };

            string tenant = baseUri.GetLeftPart(UriPartial.Authority);
            bool oauth = ResolveOAuthClient(out string? clientId, out SecureString? clientSecret);
            Func<IAtlanLog, System.Threading.CancellationToken, Task<AtlanSession>> connect;
            if (oauth)
            {
                connect = (log, token) => AtlanSessionFactory.ConnectOAuthClientAsync(baseUri, clientId!, clientSecret!, options, log, token);
            }
            else
            {
                SecureString apiKey = ResolveApiKey(tenant);
                connect = (log, token) => AtlanSessionFactory.ConnectAsync(baseUri, apiKey, options, log, token);
            }

            AtlanSession session = AwaitOrTerminate(connect, tenant, FailureContext.Connecting(tenant, oauth ? clientId : null));

            if (NoDefault)
            {
                DefaultSessions.Add(session);
            }
            else
            {
                DefaultSessions.Set(session);
            }

            WriteVerbose($"Connected to {session.BaseUrl} as {session.UserName} ({session.Authentication}){(NoDefault ? "; the default session is unchanged" : string.Empty)}.");
            if (PassThru || NoDefault)
            {
                WriteObject(session);
            }
        }

        /// <summary>
        /// True when the session authenticates as an OAuth client: -OAuthClientId/-OAuthClientSecret, -OAuthCredential,
        /// or (with no key given at all and no ATLAN_API_KEY, which wins as in atlan-java) the two OAuth variables.
        /// </summary>
        private bool ResolveOAuthClient(out string? clientId, out SecureString? clientSecret)
        {
            clientId = null;
            clientSecret = null;
            switch (ParameterSetName)
            {
                case OAuthClientSet:
                    clientId = OAuthClientId!.Trim();
                    clientSecret = OAuthClientSecret;
                    break;
                case OAuthCredentialSet:
                    clientId = OAuthCredential!.UserName?.Trim();
                    clientSecret = OAuthCredential.Password;
                    break;
                case ApiKeySet when ApiKey == null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ApiKeyVariable)):
                    string? idVariable = Environment.GetEnvironmentVariable(OAuthClientIdVariable);
                    string? secretVariable = Environment.GetEnvironmentVariable(OAuthClientSecretVariable);
                    if (string.IsNullOrWhiteSpace(idVariable) && string.IsNullOrEmpty(secretVariable))
                    {
                        return false;
                    }

                    if (string.IsNullOrWhiteSpace(idVariable) || string.IsNullOrEmpty(secretVariable))
                    {
                        ThrowError(ErrorIds.OAuthClientIncomplete, ErrorCategory.InvalidArgument, null,
                            $"Only one of {OAuthClientIdVariable} and {OAuthClientSecretVariable} is set, so there is no OAuth client to connect as (and no API key: {ApiKeyVariable} is not set).",
                            $"Set both {OAuthClientIdVariable} and {OAuthClientSecretVariable}, or pass -OAuthCredential, -OAuthClientId and -OAuthClientSecret, or -ApiKey.");
                    }

                    clientId = idVariable!.Trim();
                    clientSecret = SecretText.FromString(secretVariable!);
                    break;
                default:
                    return false;
            }

            if (string.IsNullOrEmpty(clientId))
            {
                ThrowError(ErrorIds.OAuthClientIdMissing, ErrorCategory.InvalidArgument, null,
                    "The OAuth credential has no user name, which must be the OAuth client's id.",
                    "Store the client id as the credential's user name and the client secret as its password.");
            }

            clientSecret = TrimKey(clientSecret!);
            if (SecretText.IsBlank(clientSecret))
            {
                ThrowError(ErrorIds.OAuthClientSecretMissing, ErrorCategory.InvalidArgument, clientId,
                    $"The secret of OAuth client '{clientId}' is empty. Nothing was sent.",
                    "Pass the client secret Atlan showed when the OAuth client was created (as the credential's password, or -OAuthClientSecret).");
            }

            return true;
        }

        /// <summary>The API key of -ApiKey, -Credential or ATLAN_API_KEY, trimmed and checked before anything is sent.</summary>
        private SecureString ResolveApiKey(string tenant)
        {
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
                ThrowError(ErrorIds.ApiKeyMissing, ErrorCategory.InvalidArgument, null,
                    Credential != null ? "The credential's password (the API key) is empty." : $"No API key was given, {ApiKeyVariable} is not set, and neither are {OAuthClientIdVariable} and {OAuthClientSecretVariable}.",
                    "Pass -ApiKey (Read-Host -AsSecureString) or -Credential (its password is the key), or -OAuthCredential for an OAuth client; or set $env:ATLAN_API_KEY (or $env:ATLAN_OAUTH_CLIENT_ID and $env:ATLAN_OAUTH_CLIENT_SECRET).");
            }

            if (!SecretText.IsWellFormedBearer(apiKey!, out string? malformed))
            {
                ThrowError(ErrorIds.ApiKeyMalformed, ErrorCategory.InvalidArgument, null,
                    $"The API key cannot be used: {malformed} Nothing was sent.",
                    "Pass the API token's access token exactly as Atlan showed it when the token was created.");
            }

            DateTime? expires = JwtClaims.ExpiresAt(apiKey!, out _);
            if (expires.HasValue && expires.Value <= DateTime.UtcNow)
            {
                ThrowError(ErrorIds.ApiKeyExpired, ErrorCategory.AuthenticationError, tenant,
                    $"The API key expired at {expires.Value:u}, so {tenant} would reject it.",
                    "Create a new API token (New-AtlanApiToken, or in Atlan's admin center) and connect with its key.");
            }

            return apiKey!;
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
