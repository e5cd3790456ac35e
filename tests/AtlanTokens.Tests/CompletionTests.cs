using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using System.Text.Json.Nodes;
using AtlanTokens.Client;
using AtlanTokens.Cmdlets;
using AtlanTokens.Session;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>
    /// Issue 9 #1: every completer inserts tenant names (untrusted) so that the parser reads them back as exactly one
    /// constant string argument equal to the name, whatever the name holds.
    /// </summary>
    public sealed class CompletionTests : IClassFixture<HostileSeedEmulator>
    {
        public static readonly string[] HostileNames =
        {
            "ci-prod\nSet-Content x.txt PWNED",
            "ci-prod\rSet-Content x.txt PWNED",
            "ci-prod\r\nwhoami",
            "ci-prod&Set-Content\tx.txt\tPWNED",
            "a|b",
            "a;b",
            "$(Set-Content x.txt PWNED)",
            "a`b",
            "`",
            "#comment",
            "a #b",
            "@splat",
            "{block}",
            "(paren)",
            "a,b",
            "<in",
            "out>x",
            "-Force",
            "--%",
            "\u2018smart\u2019 ; whoami",
            "\u201Alow\u201B",
            "x\u2019; Set-Content x.txt PWNED; \u2019",
            "\u201Cdq\u201D\u201E",
            "nul\0here",
            "emoji \U0001F600 name",
            "'",
            "''",
            "\"",
            "a'b",
            "123",
            "0x10",
            "1kb",
            "1e3",
            "a b",
            "[x]",
            "*",
            "ok-name_1.2",
        };

        private readonly EmulatorProcess _emulator;

        public CompletionTests(HostileSeedEmulator fixture)
        {
            _emulator = fixture.Emulator;
        }

        [Theory]
        [InlineData("Get-AtlanApiToken", "Name", "emulator-admin")]
        [InlineData("Get-AtlanPersona", "Name", "Data Stewards")]
        [InlineData("Get-AtlanConnection", "Name", "development")]
        [InlineData("Get-AtlanConnection", "ConnectorType", "bigquery")]
        [InlineData("Get-AtlanCollection", "Name", "ok-name_1.2")]
        [InlineData("Set-AtlanApiToken", "AddPersona", "Data Stewards")]
        [InlineData("Remove-AtlanApiToken", "Name", "emulator-admin")]
        [InlineData("Get-AtlanTokenGrant", "Name", "emulator-admin")]
        public async System.Threading.Tasks.Task Every_completion_parses_back_as_one_constant_string_equal_to_the_name(string command, string parameter, string seedName)
        {
            using Runspace runspace = RunspaceFactory.CreateRunspace(InitialSessionStateWithModule());
            runspace.Open();
            using (PowerShell connect = PowerShell.Create())
            {
                connect.Runspace = runspace;
                connect.AddCommand("Connect-AtlanTenant").AddParameter("BaseUrl", _emulator.Url).AddParameter("ApiKey", EmulatorProcess.Key(_emulator.AdminApiKey)).Invoke();
                Assert.Empty(connect.Streams.Error);
            }

            using (PowerShell warm = PowerShell.Create())
            {
                // Every directory a completer reads is loaded before completing: a completer waits only briefly for a
                // load of its own (it must not hang the prompt), so on a loaded machine a cold one returns nothing.
                // Connector types complete from the connections already listed (no request of their own).
                warm.Runspace = runspace;
                AtlanSession session = (AtlanSession)warm.AddCommand("Get-AtlanSession").Invoke().Single().BaseObject;
                await session.TokenNames.GetAllAsync(NullAtlanLog.Instance, default);
                await session.Personas.GetAllAsync(false, NullAtlanLog.Instance, default);
                await session.AssetDirectory.GetConnectionsAsync(false, NullAtlanLog.Instance, default);
                await session.AssetDirectory.GetCollectionsAsync(null, false, NullAtlanLog.Instance, default);
            }

            string line = $"{command} -{parameter} ";
            List<CompletionResult> results;
            using (PowerShell ps = PowerShell.Create())
            {
                ps.Runspace = runspace;
                results = CommandCompletion.CompleteInput(line, line.Length, null, ps).CompletionMatches.ToList();
            }

            var values = new List<string>();
            foreach (CompletionResult result in results)
            {
                string value = ParseSingleArgument(command, parameter, result.CompletionText);
                if (CompletionSupport.TakesWildcards(command, parameter))
                {
                    // A -Name that reads patterns gets the name with its wildcard characters escaped: a pattern with no
                    // live wildcard that matches the name itself.
                    Assert.False(WildcardPattern.ContainsWildcardCharacters(value), value);
                    string literal = WildcardPattern.Unescape(value);
                    Assert.True(new WildcardPattern(value).IsMatch(literal), value);
                    value = literal;
                }

                values.Add(value);
                Assert.DoesNotContain(result.ListItemText, c => char.IsControl(c));
                Assert.DoesNotContain(result.ToolTip, c => char.IsControl(c));
            }

            Assert.Contains(seedName, values);
            foreach (string hostile in HostileNames)
            {
                Assert.Contains(hostile, values);
            }
        }

        [Fact]
        public void Quote_doubles_every_single_quote_character_and_leaves_only_safe_names_bare()
        {
            Assert.Equal("ci-prod_1.2", CompletionSupport.Quote("ci-prod_1.2"));
            Assert.Equal("'-Force'", CompletionSupport.Quote("-Force"));
            Assert.Equal("'123'", CompletionSupport.Quote("123"));
            Assert.Equal("'a''b\u2018\u2018c\u2019\u2019d\u201A\u201Ae\u201B\u201B'", CompletionSupport.Quote("a'b\u2018c\u2019d\u201Ae\u201B"));
            Assert.Equal("'a\u201Cb'", CompletionSupport.Quote("a\u201Cb"));
            Assert.Equal("('--%')", CompletionSupport.Quote("--%"));
            foreach (string hostile in HostileNames)
            {
                Assert.Equal(hostile, ParseSingleArgument("Get-AtlanApiToken", "Name", CompletionSupport.Quote(hostile)));
            }
        }

        /// <summary>The completion text, placed on a command line with another parameter after it, is exactly one constant string.</summary>
        private static string ParseSingleArgument(string command, string parameter, string completionText)
        {
            string script = $"{command} -{parameter} {completionText} -WhatIf";
            ScriptBlockAst ast = Parser.ParseInput(script, out Token[] _, out ParseError[] errors);
            Assert.True(errors.Length == 0, $"parse errors for {completionText}: {string.Join("; ", errors.Select(e => e.Message))}");
            StatementAst statement = Assert.Single(ast.EndBlock.Statements);
            var pipeline = Assert.IsType<PipelineAst>(statement);
            var commandAst = Assert.IsType<CommandAst>(Assert.Single(pipeline.PipelineElements));
            Assert.Null(commandAst.Redirections.FirstOrDefault());
            Assert.Equal(4, commandAst.CommandElements.Count);
            Assert.Equal(parameter, Assert.IsType<CommandParameterAst>(commandAst.CommandElements[1]).ParameterName);
            CommandElementAst element = commandAst.CommandElements[2];
            if (element is ParenExpressionAst paren)
            {
                // Only for the name --%, which as a bare constant would switch the parser to verbatim mode.
                var inner = Assert.IsType<PipelineAst>(paren.Pipeline);
                element = Assert.IsType<CommandExpressionAst>(Assert.Single(inner.PipelineElements)).Expression;
                Assert.Equal("--%", ((StringConstantExpressionAst)element).Value);
            }

            var argument = Assert.IsType<StringConstantExpressionAst>(element);
            Assert.True(argument.StringConstantType is StringConstantType.SingleQuoted or StringConstantType.BareWord, completionText);
            Assert.True(commandAst.CommandElements[3] is CommandParameterAst { ParameterName: "WhatIf" }, "the line after " + completionText + " did not parse as a parameter");
            return argument.Value;
        }

        private static InitialSessionState InitialSessionStateWithModule()
        {
            InitialSessionState state = InitialSessionState.CreateDefault2();
            state.ImportPSModule(new[] { Path.Combine(AppContext.BaseDirectory, "AtlanTokens.psd1") });
            return state;
        }

        internal static string HostileSeed()
        {
            JsonNode seed = JsonNode.Parse(File.ReadAllText(EmulatorProcess.DefaultSeedPath))!;
            var tokens = seed["apiTokens"]!.AsArray();
            var personas = seed["personas"]!.AsArray();
            var connections = seed["connections"]!.AsArray();
            var collections = seed["collections"]!.AsArray();
            JsonNode admin = tokens[0]!;
            string adminUser = "service-account-" + admin["clientId"]!.GetValue<string>();
            for (int i = 0; i < HostileNames.Length; i++)
            {
                string name = HostileNames[i];
                string id = $"00000000-0000-4000-9000-{i + 1:D12}";
                JsonNode token = admin.DeepClone();
                token["id"] = id;
                token["clientId"] = "apikey-" + id;
                token["displayName"] = name;
                token["accessToken"] = "hostile-seed-token-" + i;
                token["role"] = "$member";
                tokens.Add(token);
                personas.Add(new JsonObject { ["guid"] = $"00000000-0000-4000-9100-{i + 1:D12}", ["name"] = name, ["qualifiedName"] = $"default/hostile{i}", ["description"] = "hostile" });
                connections.Add(new JsonObject
                {
                    ["guid"] = $"00000000-0000-4000-9200-{i + 1:D12}",
                    ["name"] = name,
                    ["connectorName"] = name,
                    ["qualifiedName"] = $"default/hostile/{1800000000 + i}",
                    ["adminUsers"] = new JsonArray("alice"),
                    ["adminGroups"] = new JsonArray(),
                    ["adminRoles"] = new JsonArray(),
                });
                collections.Add(new JsonObject
                {
                    ["guid"] = $"00000000-0000-4000-9300-{i + 1:D12}",
                    ["name"] = name,
                    ["qualifiedName"] = $"default/collection/alice/hostile-{i}",
                    ["adminUsers"] = new JsonArray(adminUser),
                    ["viewerUsers"] = new JsonArray(),
                });
            }

            return seed.ToJsonString();
        }
    }
}
