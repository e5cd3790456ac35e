using System.Linq;
using System.Text;
using AtlanTokens.Client;
using Xunit;

namespace AtlanTokens.Tests
{
    public class SearchFilterTests
    {
        [Fact]
        public void Terms_keep_the_order_added_skip_absent_values_and_end_with_active_only()
        {
            SearchFilter filter = new SearchFilter().Guid(null).TypeName("Connection").Name(null).Term("adminUsers", "svc").Term("connectorName", null);

            Assert.Equal(
                new[] { "__typeName.keyword=Connection", "adminUsers=svc", "__state=ACTIVE" },
                filter.Terms.Select(t => t.Key + "=" + t.Value));
            Assert.Equal(
                new[] { "__guid=g-1", "__typeName.keyword=Collection", "name.keyword=Q", "__state=ACTIVE" },
                new SearchFilter().Guid("g-1").TypeName("Collection").Name("Q").Terms.Select(t => t.Key + "=" + t.Value));
        }

        [Fact]
        public void The_search_body_is_byte_for_byte_what_the_module_always_sent()
        {
            byte[] body = SearchEndpoint.BuildBody(new SearchFilter().TypeName("Persona").Name("a \"quoted\" name"), new[] { "name" }, 100, 100);

            Assert.Equal(
                "{\"dsl\":{\"from\":100,\"size\":100,\"track_total_hits\":true,\"query\":{\"bool\":{\"filter\":["
                + "{\"term\":{\"__typeName.keyword\":{\"value\":\"Persona\"}}},"
                + "{\"term\":{\"name.keyword\":{\"value\":\"a \\u0022quoted\\u0022 name\"}}},"
                + "{\"term\":{\"__state\":{\"value\":\"ACTIVE\"}}}]}},"
                + "\"sort\":[{\"__guid\":{\"order\":\"asc\"}}]},"
                + "\"attributes\":[\"name\"],"
                + "\"requestMetadata\":{\"saveSearchLog\":false,\"utmTags\":[\"project_sdk_powershell\"]}}",
                Encoding.UTF8.GetString(body));
        }
    }
}
