using System;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Session;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>The module hosted in real runspaces against the emulator.</summary>
    [Collection(EmulatorCollection.Name)]
    public sealed class RunspaceTests : IDisposable
    {
        private readonly EmulatorProcess _emulator;

        public RunspaceTests(EmulatorProcess emulator)
        {
            _emulator = emulator;
            _emulator.ResetAsync().GetAwaiter().GetResult();
        }

        private static Runspace OpenRunspace()
        {
            InitialSessionState state = InitialSessionState.CreateDefault2();
            state.ImportPSModule(new[] { Path.Combine(AppContext.BaseDirectory, "AtlanTokens.psd1") });
            Runspace runspace = RunspaceFactory.CreateRunspace(state);
            runspace.Open();
            return runspace;
        }

        private static Collection<PSObject> Run(Runspace runspace, string command, params (string Name, object? Value)[] parameters)
            => Run(runspace, command, out _, parameters);

        private static Collection<PSObject> Run(Runspace runspace, string command, out System.Collections.Generic.List<ErrorRecord> errors, params (string Name, object? Value)[] parameters)
        {
            using PowerShell ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddCommand(command);
            foreach (var (name, value) in parameters)
            {
                if (value is SwitchParameter)
                {
                    ps.AddParameter(name);
                }
                else
                {
                    ps.AddParameter(name, value);
                }
            }

            Collection<PSObject> output = ps.Invoke();
            errors = ps.Streams.Error.ToList();
            return output;
        }

        private void Connect(Runspace runspace, SecureString key)
            => Run(runspace, "Connect-AtlanTenant", ("BaseUrl", _emulator.Url), ("ApiKey", key));

        [Fact]
        public async System.Threading.Tasks.Task Each_runspace_has_its_own_default_session_and_objects_keep_theirs()
        {
            using Runspace admin = OpenRunspace();
            using Runspace tokenOnly = OpenRunspace();
            using Runspace unconnected = OpenRunspace();

            Connect(admin, EmulatorProcess.Key(_emulator.AdminApiKey));
            var created = (ApiToken)Run(admin, "New-AtlanApiToken", ("DisplayName", "runspace-b"), ("Description", "for runspace B")).Single().BaseObject;
            Assert.NotNull(created.AccessToken);
            Connect(tokenOnly, created.AccessToken!);

            var adminSession = (AtlanSession)Run(admin, "Get-AtlanSession").Single().BaseObject;
            var tokenSession = (AtlanSession)Run(tokenOnly, "Get-AtlanSession").Single().BaseObject;
            Assert.Equal("service-account-apikey-00000000-0000-4000-8000-000000000001", adminSession.UserName);
            Assert.Equal(created.Username, tokenSession.UserName);
            Assert.Empty(Run(unconnected, "Get-AtlanSession"));

            // The new token has no right to manage API tokens: runspace B's default session is refused...
            Run(tokenOnly, "Get-AtlanApiToken", out var refused);
            Assert.Equal("AtlanPermissionDenied,AtlanTokens.Cmdlets.GetAtlanApiTokenCommand", Assert.Single(refused).FullyQualifiedErrorId);

            // ...but an object read in runspace A carries A's session, so piping it in B acts on A's tenant as A.
            var fromAdmin = Run(admin, "Get-AtlanApiToken", ("Name", new[] { "runspace-b" })).Single();
            Run(tokenOnly, "Remove-AtlanApiToken", out var removeErrors, ("InputObject", fromAdmin), ("Force", new SwitchParameter(true)));
            Assert.Empty(removeErrors);
            Assert.DoesNotContain("runspace-b", await _emulator.StateAsync());

            var thrown = Assert.Throws<CmdletInvocationException>(() => Run(unconnected, "Get-AtlanApiToken"));
            Assert.Equal("NoAtlanSession,AtlanTokens.Cmdlets.GetAtlanApiTokenCommand", thrown.ErrorRecord.FullyQualifiedErrorId);
            Assert.Contains("Connect-AtlanTenant", thrown.Message);
        }

        [Fact]
        public void Emitted_objects_serialize_without_secrets_or_session()
        {
            using Runspace runspace = OpenRunspace();
            Connect(runspace, EmulatorProcess.Key(_emulator.AdminApiKey));
            var created = Run(runspace, "New-AtlanApiToken", ("DisplayName", "json-check")).Single();
            string secret = SecretText.Reveal(((ApiToken)created.BaseObject).AccessToken!);

            using PowerShell ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddCommand("ConvertTo-Json").AddParameter("InputObject", created).AddParameter("Depth", 10);
            string json = ps.Invoke<string>().Single();
            Assert.DoesNotContain(secret, json);
            Assert.DoesNotContain(_emulator.AdminApiKey, json);
            Assert.DoesNotContain("Session", json);
            // The base URL appears once, as the Tenant property that tells tenants apart in reports.
            Assert.Contains($"\"Tenant\": \"{_emulator.Url}\"", json);
            Assert.Equal(json.IndexOf(_emulator.Url, System.StringComparison.Ordinal), json.LastIndexOf(_emulator.Url, System.StringComparison.Ordinal));
            Assert.Contains("\"DisplayName\": \"json-check\"", json);

            var session = Run(runspace, "Get-AtlanSession").Single();
            ps.Commands.Clear();
            ps.AddCommand("ConvertTo-Json").AddParameter("InputObject", session).AddParameter("Depth", 10);
            string sessionJson = ps.Invoke<string>().Single();
            Assert.DoesNotContain(_emulator.AdminApiKey, sessionJson);
            Assert.Contains("\"UserName\"", sessionJson);
        }

        public void Dispose()
        {
        }
    }
}
