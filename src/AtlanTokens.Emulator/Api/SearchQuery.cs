using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using AtlanTokens.Emulator.Errors;
using AtlanTokens.Emulator.State;

namespace AtlanTokens.Emulator.Api;

/// <summary>
/// The subset of Elasticsearch DSL the SDKs send for this flow: bool (filter/must) of term/terms on a few fields.
/// Anything else is refused with 400 rather than silently matching too much.
/// </summary>
internal sealed class SearchQuery
{
    public const int DefaultSize = 10;
    public const int MaxResultWindow = 10000;

    private static readonly string[] AllowedDslKeys = ["from", "size", "query", "sort", "track_total_hits", "aggregations", "aggs"];
    private static readonly string[] SortFields = ["__guid", "name.keyword", "qualifiedName", "__typeName.keyword", "__timestamp", "__modificationTimestamp"];

    private readonly List<Func<AssetEntry, bool>> predicates = [];
    private readonly List<(string Field, bool Descending)> sort = [];

    private SearchQuery()
    {
    }

    public int From { get; private set; }

    public int Size { get; private set; } = DefaultSize;

    public static SearchQuery Parse(JsonObject dsl)
    {
        var query = new SearchQuery();
        foreach ((string key, JsonNode? value) in dsl)
        {
            if (!AllowedDslKeys.Contains(key, StringComparer.Ordinal))
            {
                throw Unsupported($"DSL key '{key}' is not supported by the emulator.", "dsl." + key);
            }

            if (key is "aggregations" or "aggs" && value is JsonObject { Count: > 0 })
            {
                throw Unsupported("Aggregations are not supported by the emulator.", "dsl." + key);
            }
        }

        query.From = ReadInt(dsl, "from", 0);
        query.Size = ReadInt(dsl, "size", DefaultSize);
        if (query.From + query.Size > MaxResultWindow)
        {
            throw Unsupported($"Result window is too large: from + size must be at most {MaxResultWindow}.", "dsl.size");
        }

        if (dsl["query"] is JsonNode clause)
        {
            query.AddClause(clause, "dsl.query");
        }

        if (dsl["sort"] is JsonNode sortNode)
        {
            query.ParseSort(sortNode);
        }

        return query;
    }

    public bool Matches(AssetEntry asset) => predicates.All(predicate => predicate(asset));

    public IEnumerable<AssetEntry> Order(IEnumerable<AssetEntry> assets)
    {
        List<(string Field, bool Descending)> keys = sort.Count > 0 ? [.. sort] : [("name.keyword", false)];
        keys.Add(("__guid", false));
        IOrderedEnumerable<AssetEntry>? ordered = null;
        foreach ((string field, bool descending) in keys)
        {
            Func<AssetEntry, IComparable> key = SortKey(field);
            ordered = ordered is null
                ? (descending ? assets.OrderByDescending(key) : assets.OrderBy(key))
                : (descending ? ordered.ThenByDescending(key) : ordered.ThenBy(key));
        }

        return ordered!;
    }

    private static Func<AssetEntry, IComparable> SortKey(string field) => field switch
    {
        "__guid" => asset => new OrdinalKey(asset.Guid),
        "name.keyword" => asset => new OrdinalKey(asset.Name),
        "qualifiedName" => asset => new OrdinalKey(asset.QualifiedName),
        "__typeName.keyword" => asset => new OrdinalKey(asset.TypeName),
        "__timestamp" => asset => asset.CreateTime,
        _ => asset => asset.UpdateTime,
    };

    private void AddClause(JsonNode node, string location)
    {
        if (node is not JsonObject clause || clause.Count != 1)
        {
            throw Unsupported("Each query clause must be an object with exactly one key.", location);
        }

        (string kind, JsonNode? body) = clause.First();
        switch (kind)
        {
            case "bool":
                AddBool(body as JsonObject ?? throw Unsupported("'bool' must be an object.", location), location + ".bool");
                break;
            case "term":
                AddTerm(body, location + ".term");
                break;
            case "terms":
                AddTerms(body, location + ".terms");
                break;
            case "match_all" when body is JsonObject { Count: 0 }:
                break;
            default:
                throw Unsupported($"Query clause '{kind}' is not supported by the emulator; use bool filter/must with term or terms.", location);
        }
    }

    private void AddBool(JsonObject boolQuery, string location)
    {
        foreach ((string occurrence, JsonNode? clauses) in boolQuery)
        {
            if (occurrence is not ("filter" or "must"))
            {
                throw Unsupported($"bool.{occurrence} is not supported by the emulator; use filter or must.", location + "." + occurrence);
            }

            IEnumerable<JsonNode?> items = clauses switch
            {
                JsonArray array => array,
                JsonObject single => [single],
                _ => throw Unsupported($"bool.{occurrence} must be an array or an object.", location + "." + occurrence),
            };
            foreach (JsonNode? item in items)
            {
                AddClause(item ?? throw Unsupported("A query clause is null.", location), location + "." + occurrence);
            }
        }
    }

    private void AddTerm(JsonNode? body, string location)
    {
        (string field, JsonNode? value) = SingleField(body, location);
        if (value is JsonObject options)
        {
            foreach (string key in options.Select(pair => pair.Key))
            {
                if (key is not ("value" or "case_insensitive"))
                {
                    throw Unsupported($"term option '{key}' is not supported.", location + "." + field);
                }
            }

            if (options["case_insensitive"] is JsonValue insensitive && insensitive.GetValueKind() == JsonValueKind.True)
            {
                throw Unsupported("case_insensitive term queries are not supported by the emulator.", location + "." + field);
            }

            value = options["value"];
        }

        string expected = ScalarString(value, location + "." + field);
        predicates.Add(FieldPredicate(field, [expected], location));
    }

    private void AddTerms(JsonNode? body, string location)
    {
        (string field, JsonNode? value) = SingleField(body, location);
        if (value is not JsonArray array)
        {
            throw Unsupported("terms needs an array of values.", location + "." + field);
        }

        string[] expected = [.. array.Select(item => ScalarString(item, location + "." + field))];
        predicates.Add(FieldPredicate(field, expected, location));
    }

    private static Func<AssetEntry, bool> FieldPredicate(string field, string[] values, string location) => field switch
    {
        "__guid" => asset => values.Contains(asset.Guid, StringComparer.Ordinal),
        "__typeName.keyword" => asset => values.Contains(asset.TypeName, StringComparer.OrdinalIgnoreCase),
        "__superTypeNames.keyword" => asset => AssetJson.SuperTypesOf(asset.TypeName).Intersect(values, StringComparer.Ordinal).Any(),
        "__state" => asset => values.Contains(asset.Status, StringComparer.Ordinal),
        "name.keyword" => asset => values.Contains(asset.Name, StringComparer.Ordinal),
        "qualifiedName" => asset => values.Contains(asset.QualifiedName, StringComparer.Ordinal),
        "adminUsers" or "viewerUsers" => asset => asset.GetStringList(field).Intersect(values, StringComparer.Ordinal).Any(),
        "connectorName" => asset => asset.GetString("connectorName") is string connector && values.Contains(connector, StringComparer.Ordinal),
        _ => throw Unsupported($"Field '{field}' is not searchable in the emulator.", location + "." + field),
    };

    private void ParseSort(JsonNode sortNode)
    {
        IEnumerable<JsonNode?> items = sortNode switch
        {
            JsonArray array => array,
            JsonObject single => [single],
            _ => throw Unsupported("dsl.sort must be an array.", "dsl.sort"),
        };
        foreach (JsonNode? item in items)
        {
            if (item is not JsonObject entry || entry.Count != 1)
            {
                throw Unsupported("Each sort item must be an object with exactly one field.", "dsl.sort");
            }

            (string field, JsonNode? spec) = entry.First();
            if (!SortFields.Contains(field, StringComparer.Ordinal))
            {
                throw Unsupported($"Sorting by '{field}' is not supported by the emulator.", "dsl.sort");
            }

            JsonNode? order = spec is JsonObject options ? options["order"] : spec;
            string direction = order is null ? "asc" : ScalarString(order, "dsl.sort." + field);
            sort.Add(direction switch
            {
                "asc" => (field, false),
                "desc" => (field, true),
                _ => throw Unsupported($"Sort order '{direction}' must be asc or desc.", "dsl.sort." + field),
            });
        }
    }

    private static (string Field, JsonNode? Value) SingleField(JsonNode? body, string location)
    {
        if (body is not JsonObject fields || fields.Count != 1)
        {
            throw Unsupported("term/terms must name exactly one field.", location);
        }

        KeyValuePair<string, JsonNode?> pair = fields.First();
        return (pair.Key, pair.Value);
    }

    private static string ScalarString(JsonNode? value, string location) =>
        value is JsonValue scalar && scalar.GetValueKind() == JsonValueKind.String
            ? scalar.GetValue<string>()
            : throw Unsupported("Term values must be strings for the fields the emulator supports.", location);

    private static int ReadInt(JsonObject dsl, string key, int defaultValue)
    {
        if (dsl[key] is not JsonNode node)
        {
            return defaultValue;
        }

        return node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out int number) && number >= 0
            ? number
            : throw Unsupported($"dsl.{key} must be a non-negative integer.", "dsl." + key);
    }

    private static ServiceRefusalException Unsupported(string message, string location) => ServiceRefusalException.BadRequest(20, message, location);

    private readonly record struct OrdinalKey(string Value) : IComparable
    {
        public int CompareTo(object? obj) => string.CompareOrdinal(Value, obj is OrdinalKey other ? other.Value : null);
    }
}
