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
    /// <summary>Every token and list shape the contract says the module must accept.</summary>
    public class ResponseShapeTests
    {
        private static ApiToken Read(string json)
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return ApiTokenJson.Read(document.RootElement);
        }

        private static Task<ApiTokenPage> ReadPage(string json)
            => ApiTokensEndpoint.ReadPageAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), default);

        [Fact]
        public void Reads_the_canonical_record_with_strings_for_numbers()
        {
            ApiToken token = Read(TestClients.TokenRecord);
            Assert.Equal("5f0e8e0c-1111-4a4a-9b9b-000000000001", token.Guid);
            Assert.Equal("apikey-aaaa", token.ClientId);
            Assert.Equal("service-account-apikey-aaaa", token.Username);
            Assert.Equal("ci-deploy", token.DisplayName);
            Assert.Equal("deploys", token.Description);
            Assert.Equal("alice", token.CreatedBy);
            Assert.Equal(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), token.CreatedAt?.ToUniversalTime());
            Assert.Equal(86400, token.ValiditySeconds);
            Assert.Equal(new DateTime(2025, 1, 2, 0, 0, 0, DateTimeKind.Utc), token.ExpiresAt?.ToUniversalTime());
            var persona = Assert.Single(token.Personas);
            Assert.Equal(("Data Stewards", "default/stewards0000000000000", "p1"), (persona.Name, persona.QualifiedName, persona.Guid));
            Assert.Equal(new[] { "a", "b" }, token.WorkspacePermissions);
            Assert.Null(token.AccessToken);
        }

        [Fact]
        public void Reads_numbers_as_numbers()
        {
            ApiToken token = Read("""{"id":"g","clientId":"c","displayName":"n","attributes":{"createdAt":1735689600000,"access.token.lifespan":60}}""");
            Assert.Equal(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), token.CreatedAt?.ToUniversalTime());
            Assert.Equal(60, token.ValiditySeconds);
        }

        [Theory]
        [InlineData("""[{"id":"p1","persona":"A","personaQualifiedName":"default/a"},{"id":"p2","persona":"B","personaQualifiedName":"default/b"}]""")]
        [InlineData("""["default/a","default/b"]""")]
        [InlineData("""  "[\"default/a\",\"default/b\"]"  """)]
        [InlineData("""[{"persona":"default/a"},{"persona":"default/b"}]""")]
        public void Reads_persona_lists_in_every_shape(string shape)
        {
            ApiToken token = Read("""{"id":"g","clientId":"c","attributes":{"personaQualifiedName":""" + shape + "}}");
            Assert.Equal(new[] { "default/a", "default/b" }, token.Personas.Select(p => p.QualifiedName));
        }

        [Theory]
        [InlineData("""{"id":"g","attributes":{"personaQualifiedName":null,"workspacePermissions":null}}""")]
        [InlineData("""{"id":"g","attributes":{}}""")]
        [InlineData("""{"id":"g"}""")]
        [InlineData("""{"id":"g","attributes":{"personaQualifiedName":"","workspacePermissions":"[]"}}""")]
        public void Missing_or_null_lists_read_as_empty(string json)
        {
            ApiToken token = Read(json);
            Assert.Empty(token.Personas);
            Assert.Empty(token.WorkspacePermissions);
            Assert.Null(token.ExpiresAt?.ToUniversalTime());
        }

        [Fact]
        public void Reads_names_and_client_ids_that_are_only_inside_attributes_and_ignores_unknown_fields()
        {
            ApiToken token = Read("""{"id":"g","future":{"x":[1,2]},"attributes":{"displayName":"inner","clientId":"apikey-inner","somethingNew":true,"workspacePermissions":"[\"x\"]"}}""");
            Assert.Equal("inner", token.DisplayName);
            Assert.Equal("apikey-inner", token.ClientId);
            Assert.Equal(new[] { "x" }, token.WorkspacePermissions);
        }

        [Fact]
        public void The_historical_never_expires_lifespan_reads_as_never()
        {
            ApiToken token = Read("""{"id":"g","attributes":{"createdAt":"1735689600000","access.token.lifespan":"409968000"}}""");
            Assert.Null(token.ExpiresAt?.ToUniversalTime());
            Assert.Equal(409968000, token.ValiditySeconds);
        }

        [Fact]
        public void A_record_without_an_id_is_rejected()
            => Assert.Throws<FormatException>(() => Read("""{"clientId":"c"}"""));

        [Fact]
        public async Task A_list_with_null_records_is_an_empty_page()
        {
            ApiTokenPage page = await ReadPage("""{"totalRecord":5,"filterRecord":0,"records":null}""");
            Assert.Empty(page.Records);
            Assert.Equal(5, page.TotalRecord);
            Assert.Equal(0, page.FilterRecord);
        }

        [Fact]
        public async Task A_list_with_counts_as_strings_and_missing_records_is_read()
        {
            ApiTokenPage page = await ReadPage("""{"totalRecord":"7","filterRecord":"0"}""");
            Assert.Empty(page.Records);
            Assert.Equal(7, page.TotalRecord);
        }

        [Fact]
        public async Task A_list_whose_records_is_not_an_array_is_an_error()
            => await Assert.ThrowsAsync<FormatException>(() => ReadPage("""{"records":{"a":1}}"""));

        [Fact]
        public void The_access_token_of_a_create_answer_becomes_a_secure_string_and_nothing_else()
        {
            const string secret = "eyJhbGciOi.secret-part\\u0041.sig";
            byte[] json = Encoding.UTF8.GetBytes("""{"id":"g","attributes":{"nested":{"accessToken":"decoy"},"accessToken":"eyJhbGciOi.secret-part\u0041.sig","clientId":"c"}}""");
            var accessToken = ApiTokenJson.ReadAccessToken(json);
            Assert.NotNull(accessToken);
            Assert.Equal("eyJhbGciOi.secret-partA.sig", SecretText.Reveal(accessToken!));
            Assert.True(accessToken!.IsReadOnly());
            Assert.NotEqual(secret, accessToken.ToString());
        }
    }
}
