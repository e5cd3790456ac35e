using System.Text;
using System.Text.Json;

namespace AtlanTokens.Client
{
    /// <summary>An exact-match filter on one token field, serialized with a JSON writer so any name matches exactly.</summary>
    internal sealed class ApiTokenFilter
    {
        private ApiTokenFilter(string field, string value)
        {
            Field = field;
            Value = value;
        }

        public string Field { get; }

        public string Value { get; }

        public static ApiTokenFilter ByDisplayName(string displayName) => new ApiTokenFilter("displayName", displayName);

        /// <summary>Accepts a client id or a username (service-account-&lt;clientId&gt;).</summary>
        public static ApiTokenFilter ByClientId(string clientIdOrUsername) => new ApiTokenFilter("clientId", StripUsernamePrefix(clientIdOrUsername));

        public static ApiTokenFilter ByGuid(string guid) => new ApiTokenFilter("id", guid);

        public static string StripUsernamePrefix(string value)
        {
            const string prefix = Model.ApiToken.UsernamePrefix;
            return value.StartsWith(prefix, System.StringComparison.OrdinalIgnoreCase) ? value.Substring(prefix.Length) : value;
        }

        public string ToJson() => Encoding.UTF8.GetString(JsonBody.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString(Field, Value);
            writer.WriteEndObject();
        }));

        public override string ToString() => $"{Field} = '{Value}'";
    }
}
