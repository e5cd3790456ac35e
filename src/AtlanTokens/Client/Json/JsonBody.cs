using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace AtlanTokens.Client
{
    /// <summary>Builds request bodies and reads the loosely typed values Atlan sends back.</summary>
    internal static class JsonBody
    {
        public static byte[] Write(Action<Utf8JsonWriter> write)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                write(writer);
            }

            return stream.ToArray();
        }

        public static void WriteStringArray(Utf8JsonWriter writer, string name, IEnumerable<string> values)
        {
            writer.WriteStartArray(name);
            foreach (string value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        /// <summary>A string property, also accepting numbers and booleans as text; null when absent or null.</summary>
        public static string? Text(JsonElement element, string name)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out JsonElement value))
            {
                return null;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    return value.GetString();
                case JsonValueKind.Number:
                case JsonValueKind.True:
                case JsonValueKind.False:
                    return value.GetRawText();
                default:
                    return null;
            }
        }

        /// <summary>A whole number sent either as a JSON number or as a string of digits.</summary>
        public static long? Int64(JsonElement element, string name)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out JsonElement value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number)
            {
                if (value.TryGetInt64(out long whole))
                {
                    return whole;
                }

                return value.TryGetDouble(out double real) ? (long)real : (long?)null;
            }

            if (value.ValueKind == JsonValueKind.String)
            {
                string? text = value.GetString();
                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed))
                {
                    return parsed;
                }

                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsedReal))
                {
                    return (long)parsedReal;
                }
            }

            return null;
        }

        /// <summary>
        /// An array-valued attribute that Atlan may send as an array, as a JSON-encoded string of an array,
        /// as a single plain string, as null or not at all. Yields the array's elements (empty when none).
        /// </summary>
        public static IEnumerable<JsonElement> LooseArray(JsonElement element, string name, List<JsonDocument> keepAlive)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out JsonElement value))
            {
                yield break;
            }

            if (value.ValueKind == JsonValueKind.String)
            {
                string text = value.GetString() ?? string.Empty;
                string trimmed = text.Trim();
                if (trimmed.Length == 0)
                {
                    yield break;
                }

                if (trimmed[0] == '[')
                {
                    JsonDocument parsed = JsonDocument.Parse(trimmed);
                    keepAlive.Add(parsed);
                    value = parsed.RootElement;
                }
                else
                {
                    yield return value;
                    yield break;
                }
            }

            if (value.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement item in value.EnumerateArray())
                {
                    yield return item;
                }
            }
        }

        /// <summary>The last millisecond of the year 9999 (DateTimeOffset's limit).</summary>
        internal const long MaxUnixMilliseconds = 253_402_300_799_999;

        /// <summary>A record's epoch time (ms, or s for old records) as local time; null when absent or beyond what a date can hold.</summary>
        public static DateTime? FromEpochMilliseconds(long? milliseconds)
        {
            if (!milliseconds.HasValue || milliseconds.Value <= 0)
            {
                return null;
            }

            // Some records carry seconds, not milliseconds; anything before 2001 in ms is taken as seconds.
            long value = milliseconds.Value < 1_000_000_000_000 ? milliseconds.Value * 1000 : milliseconds.Value;
            if (value > MaxUnixMilliseconds)
            {
                return null; // after the year 9999: no date can show it, and the record is otherwise fine
            }

            try
            {
                // Local time, as Get-Date gives: comparisons like ExpiresAt -lt (Get-Date).AddDays(30) ignore DateTimeKind.
                return DateTimeOffset.FromUnixTimeMilliseconds(value).LocalDateTime;
            }
            catch (ArgumentOutOfRangeException)
            {
                return null; // within a day of DateTime's limits, where the local offset overflows
            }
        }
    }
}
