using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Model;

namespace AtlanTokens.Client
{
    /// <summary>
    /// Reads a page of the token list straight from the response stream with a <see cref="Utf8JsonReader"/>: the
    /// bytes are read once into a small pooled buffer and each record becomes an <see cref="ApiToken"/> as soon as
    /// it is complete, without a <see cref="JsonDocument"/> of the whole page (which held the page twice, as bytes
    /// and as a parsed tree, and cost about three times as much to read). Accepts every record shape
    /// <see cref="ApiTokenJson.Read"/> accepts, with the same precedence and the same errors.
    /// </summary>
    internal static class ApiTokenPageReader
    {
        private const int InitialBufferSize = 32 * 1024;

        /// <summary>Buffers larger than this (grown for one huge value) are left to the GC, not kept by the shared pool.</summary>
        private const int MaxPooledBufferSize = 4 * 1024 * 1024;

        private enum Phase
        {
            Start,
            TopLevel,
            Records,
            Done,
        }

        public static async Task<ApiTokenPage> ReadAsync(Stream body, CancellationToken cancellationToken)
        {
            var page = new PageState();
            byte[] buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
            int start = 0;
            int end = 0;
            bool endOfStream = false;
            try
            {
                while (true)
                {
                    if (page.Phase != Phase.Start || end - start >= 3 || endOfStream)
                    {
                        if (page.Phase == Phase.Start && !page.BomChecked)
                        {
                            page.BomChecked = true;
                            if (end - start >= 3 && buffer[start] == 0xEF && buffer[start + 1] == 0xBB && buffer[start + 2] == 0xBF)
                            {
                                start += 3;
                            }
                        }

                        start += Advance(page, new ReadOnlySpan<byte>(buffer, start, end - start), endOfStream);
                        if (page.Phase == Phase.Done)
                        {
                            break;
                        }

                        if (endOfStream)
                        {
                            throw new JsonException("The token list ended before its JSON was complete.");
                        }
                    }

                    if (start > 0)
                    {
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        end -= start;
                        start = 0;
                    }

                    if (end == buffer.Length)
                    {
                        // One value (a record, or a long string) is larger than the buffer: grow it.
                        byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        Buffer.BlockCopy(buffer, 0, larger, 0, end);
                        Release(buffer);
                        buffer = larger;
                    }

                    int read = await body.ReadAsync(buffer, end, buffer.Length - end, cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        endOfStream = true;
                    }
                    else
                    {
                        end += read;
                    }
                }

                // Like JsonDocument: only whitespace may follow the closing brace.
                while (true)
                {
                    for (int i = start; i < end; i++)
                    {
                        byte b = buffer[i];
                        if (b != (byte)' ' && b != (byte)'\t' && b != (byte)'\r' && b != (byte)'\n')
                        {
                            throw new JsonException("The token list has content after the end of its JSON.");
                        }
                    }

                    if (endOfStream)
                    {
                        break;
                    }

                    start = 0;
                    end = await body.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
                    endOfStream = end == 0;
                }
            }
            finally
            {
                Release(buffer);
            }

            return new ApiTokenPage(page.Records, page.TotalRecord, page.FilterRecord) { BadRecords = page.BadRecords };
        }

        private static void Release(byte[] buffer)
        {
            if (buffer.Length <= MaxPooledBufferSize)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        /// <summary>
        /// Consumes as many complete units (a top-level property, or one record) as the bytes hold and returns how
        /// many bytes they took; an incomplete unit is left for the next call, which starts again at its beginning.
        /// </summary>
        private static int Advance(PageState page, ReadOnlySpan<byte> data, bool isFinalBlock)
        {
            var reader = new Utf8JsonReader(data, isFinalBlock, page.ReaderState);
            int committed = 0;
            while (true)
            {
                switch (page.Phase)
                {
                    case Phase.Start:
                        if (!reader.Read())
                        {
                            return committed;
                        }

                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            throw new FormatException($"the token list is a JSON {KindOf(reader.TokenType)}, not an object");
                        }

                        page.Phase = Phase.TopLevel;
                        break;

                    case Phase.TopLevel:
                        if (!reader.Read())
                        {
                            return committed;
                        }

                        if (reader.TokenType == JsonTokenType.EndObject)
                        {
                            page.Phase = Phase.Done;
                            break;
                        }

                        if (reader.ValueTextEquals("records"u8))
                        {
                            if (!reader.Read())
                            {
                                return committed;
                            }

                            if (reader.TokenType == JsonTokenType.StartArray)
                            {
                                page.Phase = Phase.Records;
                                page.Records.Clear(); // a repeated key: the last one wins, as in JsonDocument
                            }
                            else if (reader.TokenType == JsonTokenType.Null)
                            {
                                page.Records.Clear();
                            }
                            else
                            {
                                throw new FormatException($"'records' is a JSON {KindOf(reader.TokenType)}, not an array");
                            }
                        }
                        else
                        {
                            bool total = reader.ValueTextEquals("totalRecord"u8);
                            bool filter = !total && reader.ValueTextEquals("filterRecord"u8);
                            var valueStart = reader;
                            if (!reader.Read() || !reader.TrySkip())
                            {
                                return committed;
                            }

                            if (total || filter)
                            {
                                valueStart.Read();
                                long? value = Int64(ref valueStart);
                                if (total)
                                {
                                    page.TotalRecord = value;
                                }
                                else
                                {
                                    page.FilterRecord = value;
                                }
                            }
                        }

                        break;

                    case Phase.Records:
                        if (!reader.Read())
                        {
                            return committed;
                        }

                        if (reader.TokenType == JsonTokenType.EndArray)
                        {
                            page.Phase = Phase.TopLevel;
                            break;
                        }

                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            throw new FormatException($"a token record is a JSON {KindOf(reader.TokenType)}, not an object");
                        }

                        var record = reader;
                        if (!reader.TrySkip())
                        {
                            return committed;
                        }

                        var recordStart = record;
                        try
                        {
                            page.Records.Add(ReadRecord(ref record));
                        }
                        catch (Exception e) when (e is InvalidOperationException || e is ArgumentException || e is OverflowException || e is DecoderFallbackException)
                        {
                            // The record is well-formed JSON (it was skipped whole) but holds something unreadable,
                            // such as invalid UTF-8: report that one record and read on.
                            string? guid = GuidOf(ref recordStart);
                            page.BadRecords.Add(new AtlanRecordException(
                                $"A token record in the list answer cannot be read{(guid == null ? string.Empty : " (GUID " + guid + ")")}: {e.Message} The other records were read.",
                                "GET",
                                ApiTokensEndpoint.ResourcePath,
                                guid,
                                e));
                        }

                        break;

                    default:
                        return committed;
                }

                committed = (int)reader.BytesConsumed;
                page.ReaderState = reader.CurrentState;
                if (page.Phase == Phase.Done)
                {
                    return committed;
                }
            }
        }

        /// <summary>Reads one complete record; the reader is on its StartObject.</summary>
        private static ApiToken ReadRecord(ref Utf8JsonReader reader)
        {
            string? id = null, guid = null, clientId = null, displayName = null, description = null, createdBy = null;
            long? createdAt = null;
            var attributes = new AttributeValues();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    id = NextText(ref reader);
                }
                else if (reader.ValueTextEquals("guid"u8))
                {
                    guid = NextText(ref reader);
                }
                else if (reader.ValueTextEquals("clientId"u8))
                {
                    clientId = NextText(ref reader);
                }
                else if (reader.ValueTextEquals("displayName"u8))
                {
                    displayName = NextText(ref reader);
                }
                else if (reader.ValueTextEquals("description"u8))
                {
                    description = NextText(ref reader);
                }
                else if (reader.ValueTextEquals("createdBy"u8))
                {
                    createdBy = NextText(ref reader);
                }
                else if (reader.ValueTextEquals("createdAt"u8))
                {
                    reader.Read();
                    createdAt = Int64(ref reader);
                }
                else if (reader.ValueTextEquals("attributes"u8))
                {
                    reader.Read();
                    attributes = new AttributeValues(); // a repeated key: the last one wins
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        ReadAttributes(ref reader, attributes);
                    }
                    else
                    {
                        Skip(ref reader);
                    }
                }
                else
                {
                    reader.Read();
                    Skip(ref reader);
                }
            }

            string? tokenGuid = id ?? guid;
            if (string.IsNullOrEmpty(tokenGuid))
            {
                throw new FormatException("a token record has no id");
            }

            var personas = new List<ApiTokenPersona>();
            if (attributes.Personas != null)
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (ApiTokenPersona persona in attributes.Personas)
                {
                    if (seen.Add(persona.QualifiedName))
                    {
                        personas.Add(persona);
                    }
                }
            }

            return new ApiToken
            {
                Guid = tokenGuid!,
                ClientId = clientId ?? attributes.ClientId,
                DisplayName = displayName ?? attributes.DisplayName,
                Description = attributes.Description ?? description,
                CreatedBy = attributes.CreatedBy ?? createdBy,
                CreatedAt = JsonBody.FromEpochMilliseconds(attributes.CreatedAt ?? createdAt),
                ValiditySeconds = attributes.Lifespan,
                Personas = PersonaList.Of(personas, attributes.Uninterpreted),
                WorkspacePermissions = attributes.Permissions == null || attributes.Permissions.Count == 0 ? Array.Empty<string>() : attributes.Permissions.ToArray(),
            };
        }

        private static void ReadAttributes(ref Utf8JsonReader reader, AttributeValues values)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("clientId"u8))
                {
                    values.ClientId = NextText(ref reader);
                }
                else if (reader.ValueTextEquals("displayName"u8))
                {
                    values.DisplayName = NextText(ref reader);
                }
                else if (reader.ValueTextEquals("description"u8))
                {
                    values.Description = NextText(ref reader);
                }
                else if (reader.ValueTextEquals("createdBy"u8))
                {
                    values.CreatedBy = NextText(ref reader);
                }
                else if (reader.ValueTextEquals("createdAt"u8))
                {
                    reader.Read();
                    values.CreatedAt = Int64(ref reader);
                }
                else if (reader.ValueTextEquals("access.token.lifespan"u8))
                {
                    reader.Read();
                    values.Lifespan = Int64(ref reader);
                }
                else if (reader.ValueTextEquals("personaQualifiedName"u8))
                {
                    reader.Read();
                    values.ClearUninterpreted(); // a repeated key: the last one wins
                    values.Personas = ReadPersonas(ref reader, values);
                }
                else if (reader.ValueTextEquals("workspacePermissions"u8))
                {
                    reader.Read();
                    values.Permissions = ReadPermissions(ref reader);
                }
                else
                {
                    reader.Read();
                    Skip(ref reader);
                }
            }
        }

        /// <summary>The persona list in any of its shapes (see <see cref="JsonBody.LooseArray"/>); the reader is on the value.</summary>
        private static List<ApiTokenPersona> ReadPersonas(ref Utf8JsonReader reader, AttributeValues values)
        {
            var personas = new List<ApiTokenPersona>();
            if (reader.TokenType == JsonTokenType.String)
            {
                string text = reader.GetString() ?? string.Empty;
                string trimmed = text.Trim();
                if (trimmed.Length > 0 && trimmed[0] == '[')
                {
                    using JsonDocument encoded = JsonDocument.Parse(trimmed);
                    if (encoded.RootElement.ValueKind == JsonValueKind.Array)
                    {
                        foreach (JsonElement item in encoded.RootElement.EnumerateArray())
                        {
                            ApiTokenPersona? persona = ApiTokenJson.ReadPersona(item);
                            Add(personas, persona);
                            if (persona == null && ApiTokenJson.UninterpretedText(item) is string raw)
                            {
                                values.AddUninterpreted(raw);
                            }
                        }
                    }
                }
                else if (trimmed.Length > 0)
                {
                    Add(personas, ApiTokenJson.PersonaFromString(text));
                }

                return personas;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                Skip(ref reader);
                return personas;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.String)
                {
                    Add(personas, ApiTokenJson.PersonaFromString(reader.GetString()));
                }
                else if (reader.TokenType == JsonTokenType.StartObject)
                {
                    var objectStart = reader;
                    string? qualifiedName = null, name = null, id = null;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("personaQualifiedName"u8))
                        {
                            qualifiedName = NextText(ref reader);
                        }
                        else if (reader.ValueTextEquals("persona"u8))
                        {
                            name = NextText(ref reader);
                        }
                        else if (reader.ValueTextEquals("id"u8))
                        {
                            id = NextText(ref reader);
                        }
                        else
                        {
                            reader.Read();
                            Skip(ref reader);
                        }
                    }

                    ApiTokenPersona? persona = ApiTokenJson.PersonaFromParts(qualifiedName, name, id);
                    Add(personas, persona);
                    if (persona == null)
                    {
                        values.AddUninterpreted(RawText(ref objectStart));
                    }
                }
                else if (reader.TokenType == JsonTokenType.Null)
                {
                }
                else
                {
                    var valueStart = reader;
                    values.AddUninterpreted(RawText(ref valueStart));
                    Skip(ref reader);
                }
            }

            return personas;
        }

        private static List<string> ReadPermissions(ref Utf8JsonReader reader)
        {
            var permissions = new List<string>();
            if (reader.TokenType == JsonTokenType.String)
            {
                string text = reader.GetString() ?? string.Empty;
                string trimmed = text.Trim();
                if (trimmed.Length > 0 && trimmed[0] == '[')
                {
                    using JsonDocument encoded = JsonDocument.Parse(trimmed);
                    if (encoded.RootElement.ValueKind == JsonValueKind.Array)
                    {
                        foreach (JsonElement item in encoded.RootElement.EnumerateArray())
                        {
                            if (item.ValueKind == JsonValueKind.String && item.GetString() is string permission)
                            {
                                permissions.Add(permission);
                            }
                        }
                    }
                }
                else if (trimmed.Length > 0)
                {
                    permissions.Add(text);
                }

                return permissions;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                Skip(ref reader);
                return permissions;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.String && reader.GetString() is string permission)
                {
                    permissions.Add(permission);
                }
                else
                {
                    Skip(ref reader);
                }
            }

            return permissions;
        }

        /// <summary>The raw JSON of the value the reader is on (a copy of the reader, so the caller's position is kept).</summary>
        private static string RawText(ref Utf8JsonReader reader)
        {
            using JsonDocument value = JsonDocument.ParseValue(ref reader);
            return value.RootElement.GetRawText();
        }

        private static void Add(List<ApiTokenPersona> personas, ApiTokenPersona? persona)
        {
            if (persona != null)
            {
                personas.Add(persona);
            }
        }

        /// <summary>The id (or guid) of a record that could not be read, if that much is readable.</summary>
        private static string? GuidOf(ref Utf8JsonReader reader)
        {
            try
            {
                int depth = reader.CurrentDepth;
                while (reader.Read() && reader.CurrentDepth > depth)
                {
                    if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1 && (reader.ValueTextEquals("id"u8) || reader.ValueTextEquals("guid"u8)))
                    {
                        reader.Read();
                        return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    }
                }
            }
            catch (Exception e) when (e is InvalidOperationException || e is JsonException)
            {
            }

            return null;
        }

        /// <summary>Moves to the property's value and reads it as <see cref="JsonBody.Text"/> does.</summary>
        private static string? NextText(ref Utf8JsonReader reader)
        {
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    return reader.GetString();
                case JsonTokenType.Number:
                case JsonTokenType.True:
                case JsonTokenType.False:
                    return Encoding.UTF8.GetString(reader.ValueSpan.ToArray());
                default:
                    Skip(ref reader);
                    return null;
            }
        }

        /// <summary>The value the reader is on, read as <see cref="JsonBody.Int64"/> does.</summary>
        private static long? Int64(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Number:
                    if (reader.TryGetInt64(out long whole))
                    {
                        return whole;
                    }

                    return reader.TryGetDouble(out double real) ? (long)real : (long?)null;
                case JsonTokenType.String:
                    string? text = reader.GetString();
                    if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed))
                    {
                        return parsed;
                    }

                    return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsedReal) ? (long)parsedReal : (long?)null;
                default:
                    Skip(ref reader);
                    return null;
            }
        }

        /// <summary>Skips the value the reader is on; records are read only once they are complete, so this cannot run short.</summary>
        private static void Skip(ref Utf8JsonReader reader)
        {
            if (!reader.TrySkip())
            {
                throw new JsonException("A token record ended before its JSON was complete.");
            }
        }

        private static JsonValueKind KindOf(JsonTokenType token)
        {
            switch (token)
            {
                case JsonTokenType.StartObject:
                    return JsonValueKind.Object;
                case JsonTokenType.StartArray:
                    return JsonValueKind.Array;
                case JsonTokenType.String:
                    return JsonValueKind.String;
                case JsonTokenType.Number:
                    return JsonValueKind.Number;
                case JsonTokenType.True:
                    return JsonValueKind.True;
                case JsonTokenType.False:
                    return JsonValueKind.False;
                case JsonTokenType.Null:
                    return JsonValueKind.Null;
                default:
                    return JsonValueKind.Undefined;
            }
        }

        private sealed class PageState
        {
            public Phase Phase { get; set; } = Phase.Start;

            public bool BomChecked { get; set; }

            public JsonReaderState ReaderState { get; set; }

            public List<ApiToken> Records { get; } = new List<ApiToken>();

            public List<AtlanRecordException> BadRecords { get; } = new List<AtlanRecordException>();

            public long? TotalRecord { get; set; }

            public long? FilterRecord { get; set; }
        }

        private sealed class AttributeValues
        {
            public string? ClientId { get; set; }

            public string? DisplayName { get; set; }

            public string? Description { get; set; }

            public string? CreatedBy { get; set; }

            public long? CreatedAt { get; set; }

            public long? Lifespan { get; set; }

            public List<ApiTokenPersona>? Personas { get; set; }

            public List<string>? Uninterpreted { get; private set; }

            public void AddUninterpreted(string raw) => (Uninterpreted ??= new List<string>()).Add(raw);

            public void ClearUninterpreted() => Uninterpreted = null;

            public List<string>? Permissions { get; set; }
        }
    }
}
