using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Model;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>
    /// The streaming page reader must read every record exactly as ApiTokenJson.Read does from a JsonDocument,
    /// however the bytes arrive.
    /// </summary>
    public class PageReaderTests
    {
        public static TheoryData<string> Records => new TheoryData<string>
        {
            TestClients.TokenRecord,
            """{"id":"g","clientId":"c","displayName":"n","attributes":{"createdAt":1735689600000,"access.token.lifespan":60}}""",
            """{"id":"g","clientId":"c","attributes":{"personaQualifiedName":[{"id":"p1","persona":"A","personaQualifiedName":"default/a"},{"id":"p2","persona":"B","personaQualifiedName":"default/b"}]}}""",
            """{"id":"g","clientId":"c","attributes":{"personaQualifiedName":["default/a","default/b","default/a"," "]}}""",
            """{"id":"g","clientId":"c","attributes":{"personaQualifiedName":  "[\"default/a\",\"default/b\"]"  }}""",
            // atlan-go's documented retrieval shape: a JSON-encoded list of qualified names only (names come from the persona directory)
            """{"id":"g","clientId":"c","displayName":"qn-only","attributes":{"personaQualifiedName":"[\"acme/OhbVrpoiVgRV5IfLBcbfno\",\"acme/GMbJmTPSIAoCLrZ3aWZkSB\"]","workspacePermissions":"[]"}}""",
            """{"id":"g","clientId":"c","attributes":{"personaQualifiedName":[{"persona":"default/a"},{"persona":"default/b"},{"persona":"x"},7,null]}}""",
            """{"id":"g","attributes":{"personaQualifiedName":"default/single","workspacePermissions":"solo"}}""",
            """{"id":"g","clientId":"c","attributes":{"personaQualifiedName":[{"persona":"acme/OhbVrpoiVgRV5IfLBcbfno"},{"persona":"Finance Readers"},{"persona":"a/b/c"}]}}""",
            """{"id":"g","attributes":{"personaQualifiedName":null,"workspacePermissions":null}}""",
            """{"id":"g","attributes":{}}""",
            """{"id":"g"}""",
            """{"guid":"g2","description":"outer","createdBy":"bob","createdAt":"1735689600","attributes":[1,2]}""",
            """{"id":12345,"clientId":true,"displayName":1.5e3,"attributes":{"description":{"x":1},"createdAt":"1.7356896E12"}}""",
            """{"id":null,"guid":"g3","id":"g4"}""",
            """{"id":"g","attributes":{"personaQualifiedName":"","workspacePermissions":"[]"}}""",
            """{"id":"g","future":{"x":[1,2,{"y":"z"}]},"attributes":{"displayName":"inner","clientId":"apikey-inner","somethingNew":true,"workspacePermissions":"[\"x\",3]"}}""",
            """{"id":"g","attributes":{"createdAt":"1735689600000","access.token.lifespan":"409968000","description":"d\u00e9j\u00e0 \"vu\""}}""",
            """{"id":"g","attributes":{"displayName":"first"},"attributes":{"description":"second"}}""",
            """{"id":"g","attributes":{"personaQualifiedName":[{"id":"p9"},{"persona":"Finance Readers","id":"p8"},["nested"],true,"default/ok",{ "odd" : [1, {"a":null}] }]}}""",
            """{"id":"g","attributes":{"personaQualifiedName":"[{\"id\":\"p9\"},\"default/ok\",3]"}}""",
            """{"id":"g","attributes":{"personaQualifiedName":[{"id":"p9"}]},"attributes":{"personaQualifiedName":["default/last"]}}""",
        };

        [Theory]
        [MemberData(nameof(Records))]
        public async Task Reads_each_record_as_the_document_reader_does(string record)
        {
            ApiToken expected;
            using (JsonDocument document = JsonDocument.Parse(record))
            {
                expected = ApiTokenJson.Read(document.RootElement);
            }

            string page = """{"totalRecord":"3","records":[""" + record + "," + record + """],"filterRecord":2}""";
            foreach (int chunk in new[] { 1, 7, 4096 })
            {
                ApiTokenPage read = await ApiTokensEndpoint.ReadPageAsync(new ChunkedStream(Encoding.UTF8.GetBytes(page), chunk), default);
                Assert.Equal(2, read.Records.Count);
                Assert.Equal(3, read.TotalRecord);
                Assert.Equal(2, read.FilterRecord);
                foreach (ApiToken token in read.Records)
                {
                    Assert.Equal(Describe(expected), Describe(token));
                }
            }
        }

        [Fact]
        public async Task A_record_without_an_id_is_rejected()
            => await Assert.ThrowsAsync<FormatException>(() => Read("""{"records":[{"clientId":"c"}]}"""));

        [Theory]
        [InlineData("""[]""")]
        [InlineData("""{"records":[1]}""")]
        [InlineData("""{"records":"x"}""")]
        public async Task Wrong_shapes_are_format_errors(string json)
            => await Assert.ThrowsAsync<FormatException>(() => Read(json));

        [Theory]
        [InlineData("""{"records":[{"id":"a"}""")]
        [InlineData("""{"records":[{"id":"a"}]} x""")]
        [InlineData("""{"records":[{"id":"a"}]}{}""")]
        [InlineData("")]
        [InlineData("""{"records":[{"id":"a",}]}""")]
        public async Task Broken_json_is_a_json_error(string json)
            => await Assert.ThrowsAnyAsync<JsonException>(() => Read(json));

        [Fact]
        public async Task Accepts_a_byte_order_mark_trailing_whitespace_and_a_huge_unknown_value()
        {
            string padding = new string('p', 300_000);
            byte[] json = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("""{"emulatorPadding":" """ + padding + """ ","records":[{"id":"a"},{"id":"b"}],"totalRecord":2}""" + " \r\n")).ToArray();
            ApiTokenPage page = await ApiTokensEndpoint.ReadPageAsync(new ChunkedStream(json, 1000), default);
            Assert.Equal(new[] { "a", "b" }, page.Records.Select(t => t.Guid));
            Assert.Equal(2, page.TotalRecord);
        }

        [Fact]
        public async Task Reads_a_large_page_from_a_slow_stream()
        {
            string records = string.Join(",", Enumerable.Range(1, 500).Select(i => TestClients.TokenRecord.Replace("5f0e8e0c-1111-4a4a-9b9b-000000000001", "id-" + i)));
            ApiTokenPage page = await ApiTokensEndpoint.ReadPageAsync(new ChunkedStream(Encoding.UTF8.GetBytes("""{"records":[""" + records + "]}"), 1500), default);
            Assert.Equal(Enumerable.Range(1, 500).Select(i => "id-" + i), page.Records.Select(t => t.Guid));
            Assert.All(page.Records, t => Assert.Equal("default/stewards0000000000000", Assert.Single(t.Personas).QualifiedName));
        }

        private static Task<ApiTokenPage> Read(string json)
            => ApiTokensEndpoint.ReadPageAsync(new ChunkedStream(Encoding.UTF8.GetBytes(json), 3), default);

        private static string Describe(ApiToken t)
            => string.Join("|", t.Guid, t.ClientId, t.DisplayName, t.Description, t.CreatedBy, t.CreatedAt?.ToString("o"), t.ValiditySeconds,
                string.Join(",", t.Personas.Select(p => $"{p.QualifiedName}/{p.Name}/{p.Guid}")), string.Join(",", t.WorkspacePermissions), t.AccessToken == null,
                "uninterpreted:" + string.Join("¦", t.Personas.Uninterpreted));

        [Fact]
        public async Task Persona_entries_that_cannot_be_read_are_kept_as_raw_json()
        {
            ApiTokenPage page = await Read("""{"records":[{"id":"g","attributes":{"personaQualifiedName":[{"id":"p9"},"default/ok",{"persona":"Finance Readers"},42]}}]}""");
            ApiToken token = Assert.Single(page.Records);
            Assert.Equal(new[] { "default/ok" }, token.Personas.QualifiedNames);
            Assert.Equal(new[] { """{"id":"p9"}""", """{"persona":"Finance Readers"}""", "42" }, token.Personas.Uninterpreted);
        }

        /// <summary>Hands out at most a few bytes per read, like a slow network.</summary>
        private sealed class ChunkedStream : MemoryStream
        {
            private readonly int _chunk;

            public ChunkedStream(byte[] bytes, int chunk)
                : base(bytes)
            {
                _chunk = chunk;
            }

            public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, _chunk));

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, System.Threading.CancellationToken cancellationToken)
                => base.ReadAsync(buffer, offset, Math.Min(count, _chunk), cancellationToken);

            public override ValueTask<int> ReadAsync(Memory<byte> buffer, System.Threading.CancellationToken cancellationToken = default)
                => base.ReadAsync(buffer.Slice(0, Math.Min(buffer.Length, _chunk)), cancellationToken);
        }
    
        [Theory]
        [InlineData("acme/OhbVrpoiVgRV5IfLBcbfno", true)]
        [InlineData("default/OhbVrpoiVgRV5IfLBcbfno", true)]
        [InlineData("tenant-2/x", true)]
        [InlineData("Finance Readers", false)]
        [InlineData("Finance / Readers", false)]
        [InlineData("a/b/c", false)]
        [InlineData("/x", false)]
        [InlineData("x/", false)]
        public void A_java_style_persona_is_a_qualified_name_on_any_tenant(string persona, bool isQualifiedName)
        {
            ApiTokenPersona? read = ApiTokenJson.PersonaFromParts(null, persona, null);
            Assert.Equal(isQualifiedName, read != null);
            if (isQualifiedName)
            {
                Assert.Equal(persona, read!.QualifiedName);
            }
        }
    }
}
