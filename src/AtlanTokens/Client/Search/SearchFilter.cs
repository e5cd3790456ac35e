using System.Collections.Generic;
using System.Text.Json;

namespace AtlanTokens.Client
{
    /// <summary>
    /// The exact-term filter of an index search, the one place that builds one: terms in the order they are added
    /// (absent optional values are skipped), always ending with "active entities only".
    /// </summary>
    internal sealed class SearchFilter
    {
        private readonly List<KeyValuePair<string, string>> _terms = new List<KeyValuePair<string, string>>();

        /// <summary>Every term, in the order sent, including the closing <c>__state=ACTIVE</c>.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Terms
        {
            get
            {
                var all = new List<KeyValuePair<string, string>>(_terms);
                all.Add(new KeyValuePair<string, string>("__state", "ACTIVE"));
                return all;
            }
        }

        public SearchFilter Guid(string? guid) => Term("__guid", guid);

        public SearchFilter TypeName(string typeName) => Term("__typeName.keyword", typeName);

        public SearchFilter Name(string? name) => Term("name.keyword", name);

        /// <summary>An exact match of <paramref name="field"/>; nothing when <paramref name="value"/> is null.</summary>
        public SearchFilter Term(string field, string? value)
        {
            if (value != null)
            {
                _terms.Add(new KeyValuePair<string, string>(field, value));
            }

            return this;
        }

        /// <summary>Writes <c>"bool": {"filter": [{"term": {field: {"value": v}}}, ...]}</c> into the open query object.</summary>
        public void WriteTo(Utf8JsonWriter writer)
        {
            writer.WriteStartObject("bool");
            writer.WriteStartArray("filter");
            foreach (KeyValuePair<string, string> term in Terms)
            {
                writer.WriteStartObject();
                writer.WriteStartObject("term");
                writer.WriteStartObject(term.Key);
                writer.WriteString("value", term.Value);
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }
    }
}
