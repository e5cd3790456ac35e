using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Reflection;
using System.Text.RegularExpressions;
using AtlanTokens.Client;
using AtlanTokens.Cmdlets;
using AtlanTokens.Operations;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>One error path (issue 16): a closed exception family, ids as constants that match the README, one mapping.</summary>
    public class ErrorMappingTests
    {
        // U+2019 is a single quote to PowerShell: doubling only ' would let it end the string and the rest run.
        private const string Hostile = "ci\u2019; Set-Content pwned.txt x; \u2018[1]";

        [Fact]
        public void Every_exception_the_module_defines_is_one_of_its_family()
        {
            List<string> outside = typeof(AtlanException).Assembly.GetTypes()
                .Where(t => typeof(Exception).IsAssignableFrom(t) && !typeof(AtlanException).IsAssignableFrom(t))
                .Where(t => t.Name != "RetryableStatusException") // private to AtlanClient: a retry signal, caught before it can leave the client
                .Select(t => t.FullName!)
                .ToList();
            Assert.Empty(outside);
        }

        [Fact]
        public void Error_id_constants_and_the_README_table_name_the_same_ids()
        {
            var constants = ErrorIdConstants();
            var table = ReadmeTableIds();
            Assert.Empty(constants.Except(table).OrderBy(x => x)); // an id the module writes that the README does not list
            Assert.Empty(table.Except(constants).OrderBy(x => x)); // a README id that no constant defines
        }

        [Fact]
        public void No_error_id_is_written_as_a_string_literal()
        {
            var literal = new Regex(@"(?:WriteError|ThrowError)\(\s*""(\w+)""|ErrorId\s*=>\s*""(\w+)""|const string \w+Id\s*=\s*""(\w+)""");
            var found = new List<string>();
            foreach (string file in Directory.EnumerateFiles(Path.Combine(RepoRoot(), "src", "AtlanTokens"), "*.cs", SearchOption.AllDirectories)
                .Where(f => Path.GetFileName(f) != "ErrorIds.cs")
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")))
            {
                foreach (Match m in literal.Matches(File.ReadAllText(file)))
                {
                    found.Add($"{Path.GetFileName(file)}: {m.Value}");
                }
            }

            Assert.Empty(found);
        }

        [Fact]
        public void Family_failures_keep_their_own_ids_and_categories()
        {
            var context = FailureContext.ForGrant(GrantKind.ConnectionAdmin, "Add-AtlanTokenConnectionAdmin");
            var notFound = new GrantAssetNotFoundException("gone", ErrorIds.ConnectionNotFound, "dev");
            ErrorRecord record = AtlanErrors.ToRecord(notFound, null, null, context);
            Assert.Equal(ErrorIds.ConnectionNotFound, record.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, record.CategoryInfo.Category);
            Assert.Equal("dev", record.TargetObject);
            Assert.Equal(GrantKind.ConnectionAdmin.FindHint, record.ErrorDetails.RecommendedAction);

            var persona = new AtlanTokens.Session.PersonaResolutionException(new[] { "nope" }, Array.Empty<string>(), Array.Empty<string>());
            Assert.Equal(ErrorIds.PersonaNotFound, AtlanErrors.ToRecord(persona, null, null).FullyQualifiedErrorId);
            Assert.True(AtlanErrors.IsModuleFailure(persona));

            var proof = new ApiTokenRotation.RotationProofException("answered as someone else");
            var incomplete = new RotationIncompleteException(ErrorIds.NewTokenProofFailed, "removed again", null, proof, "5f0e8e0c-1111-4a4a-9b9b-000000000001", RotationNextStep.RunAgain);
            ErrorRecord rotation = AtlanErrors.ToRecord(incomplete, "old", null);
            Assert.Equal(ErrorIds.NewTokenProofFailed, rotation.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.AuthenticationError, rotation.CategoryInfo.Category);
        }

        [Fact]
        public void Cmdlets_catch_only_in_the_base_and_where_no_module_failure_is_involved()
        {
            // The base (TryAwait, AwaitOrTerminate) maps module failures; completers must never throw; an invalid
            // wildcard and a missing console are not module failures. Any other catch in Cmdlets/ is a second error
            // path or a workflow that belongs in Operations/ (issue 16).
            var allowed = new HashSet<string>(StringComparer.Ordinal) { "AtlanCmdlet.cs", "CompletionSupport.cs", "NameSelection.cs", "SecretOutput.cs" };
            var clause = new Regex(@"^\s*catch\b", RegexOptions.Multiline);
            List<string> catching = Directory.EnumerateFiles(Path.Combine(RepoRoot(), "src", "AtlanTokens", "Cmdlets"), "*.cs")
                .Where(f => clause.IsMatch(File.ReadAllText(f)))
                .Select(f => Path.GetFileName(f)!)
                .ToList();
            Assert.Empty(catching.Where(f => !allowed.Contains(f)).OrderBy(f => f));
        }

        [Fact]
        public void An_incomplete_rotation_has_the_new_token_it_left_behind_as_its_target()
        {
            var cause = new AtlanApiException("403", "POST", "/api/meta/entity/bulk", "req-1", 403, null, null, null, Array.Empty<string>(), false);
            var made = new AtlanTokens.Model.ApiToken { Guid = "5f0e8e0c-2222-4a4a-9b9b-000000000002", DisplayName = "ci", AccessToken = SecretText.FromString("new-secret-value") };
            var incomplete = new RotationIncompleteException(ErrorIds.RotationIncomplete, "grant failed", made, cause, "5f0e8e0c-1111-4a4a-9b9b-000000000001", RotationNextStep.Finish);

            ErrorRecord record = AtlanErrors.ToRecord(incomplete, "old", null);

            // With its secret (a SecureString, never text) when this run created it: -Resume $err reads it back from here.
            PSObject target = Assert.IsType<PSObject>(record.TargetObject);
            Assert.Same(made, target.BaseObject);
            Assert.Equal(SecretOutput.TypeName, target.TypeNames[0]);
            Assert.IsType<System.Security.SecureString>(target.Properties[nameof(AtlanTokens.Model.ApiToken.AccessToken)].Value);

            made.AccessToken = null;
            Assert.Same(made, AtlanErrors.ToRecord(incomplete, "old", null).TargetObject);

            var nothingLeft = new RotationIncompleteException(ErrorIds.RotationIncomplete, "removed again", null, cause, "5f0e8e0c-1111-4a4a-9b9b-000000000001", RotationNextStep.RunAgain);
            Assert.Equal("old", AtlanErrors.ToRecord(nothingLeft, "old", null).TargetObject);
        }

        [Fact]
        public void A_rejected_bearer_is_ImpersonationTokenRejected_naming_whose_token_is_needed()
        {
            var api = new AtlanApiException("401", "GET", "/api/meta/entity/guid/x", "req-1", 401, null, null, null, Array.Empty<string>(), false) { SentWithBearerOverride = true };
            ErrorRecord record = AtlanErrors.ToRecord(api, "x", null, FailureContext.ForGrant(GrantKind.CollectionEditor, "Add-AtlanTokenCollectionEditor"));
            Assert.Equal(ErrorIds.ImpersonationTokenRejected, record.FullyQualifiedErrorId);
            Assert.Contains(GrantKind.CollectionEditor.Holder, record.ErrorDetails.RecommendedAction);
            Assert.True(AtlanErrors.IsSessionBroken(api));

            var connect = new AtlanApiException("401", "GET", "/api/service/users/current", "req-2", 401, null, null, null, Array.Empty<string>(), false);
            ErrorRecord connecting = AtlanErrors.ToRecord(connect, "https://t.example", null, FailureContext.Connecting("https://t.example"));
            Assert.Equal(ErrorIds.AtlanAuthenticationFailed, connecting.FullyQualifiedErrorId);
            Assert.Contains("https://t.example", connecting.Exception.Message);
        }

        [Fact]
        public void GrantNotConfirmed_suggests_the_server_chosen_id_quoted()
        {
            string id = "x; Set-Content pwned.txt x";
            var unconfirmed = new GrantNotConfirmedException("not confirmed", id);
            ErrorRecord record = AtlanErrors.ToRecord(unconfirmed, id, null, FailureContext.ForGrant(GrantKind.ConnectionAdmin, "Add-AtlanTokenConnectionAdmin"));
            string line = record.ErrorDetails.RecommendedAction;
            line = line.Substring(line.IndexOf("Get-AtlanConnection", StringComparison.Ordinal)).Replace(" before running the command again.", string.Empty);
            Assert.Equal(id, SoleArgument(line, "Get-AtlanConnection", "Guid"));
        }

        [Fact]
        public void An_ambiguous_name_suggests_name_and_connector_type_quoted()
        {
            string type = "snow'flake; rm -r /";
            var ambiguous = new GrantAssetAmbiguousException("two", ErrorIds.ConnectionNameAmbiguous, Hostile, null, new[]
            {
                new NamedAsset("00000000-0000-4000-8000-000000000001", type, "one"),
                new NamedAsset("00000000-0000-4000-8000-000000000002", "bigquery", "two"),
            });
            string action = AtlanErrors.ToRecord(ambiguous, null, null, FailureContext.ForGrant(GrantKind.ConnectionAdmin, "Add-AtlanTokenConnectionAdmin")).ErrorDetails.RecommendedAction;
            string pipeline = action.Substring(action.IndexOf("Get-AtlanConnection", StringComparison.Ordinal));
            Assert.Equal(WildcardPattern.Escape(Hostile), SoleArgument(pipeline, "Get-AtlanConnection", "Name"));
            Assert.Equal(type, SoleArgument(pipeline, "Get-AtlanConnection", "ConnectorType"));
        }

        /// <summary>The constant string the parser reads for -<paramref name="parameter"/> of the only <paramref name="command"/> in the line.</summary>
        private static string SoleArgument(string line, string command, string parameter)
        {
            ScriptBlockAst ast = Parser.ParseInput(line, out _, out ParseError[] errors);
            Assert.Empty(errors);
            List<CommandAst> commands = ast.FindAll(a => a is CommandAst, true).Cast<CommandAst>().ToList();
            Assert.Single(commands, c => c.GetCommandName() == command);
            Assert.All(commands, c => Assert.Matches("^(Get|Add|Remove)-Atlan", c.GetCommandName())); // nothing else runs
            var elements = commands.Single(c => c.GetCommandName() == command).CommandElements;
            for (int i = 0; i < elements.Count - 1; i++)
            {
                if (elements[i] is CommandParameterAst p && p.ParameterName == parameter)
                {
                    return Assert.IsType<StringConstantExpressionAst>(elements[i + 1]).Value;
                }
            }

            throw new Xunit.Sdk.XunitException($"no -{parameter} in: {line}");
        }

        private static HashSet<string> ErrorIdConstants()
            => new HashSet<string>(typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral)
                .Select(f => (string)f.GetRawConstantValue()!));

        /// <summary>Every `Id` in the first column of the README's "Errors you can catch" table.</summary>
        private static HashSet<string> ReadmeTableIds()
        {
            string readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md"));
            int start = readme.IndexOf("## Errors you can catch", StringComparison.Ordinal);
            Assert.True(start >= 0, "README has no \"## Errors you can catch\" section");
            int end = readme.IndexOf("\n## ", start + 3, StringComparison.Ordinal);
            var ids = new HashSet<string>();
            foreach (string row in readme.Substring(start, (end < 0 ? readme.Length : end) - start).Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
            {
                string first = row.Split('|')[1];
                foreach (Match m in Regex.Matches(first, "`([A-Za-z]+)`"))
                {
                    ids.Add(m.Groups[1].Value);
                }
            }

            return ids;
        }

        private static string RepoRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "AtlanTokens.PowerShell.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }
}
