using System;
using System.Linq;
using System.Collections.Generic;
using System.Text.Json;
using AtlanTokens.Model;

namespace AtlanTokens.Client
{
    /// <summary>Reads token records in every shape the SDKs accept (contract Part A, "What the module must accept").</summary>
    internal static class ApiTokenJson
    {
        public static ApiToken Read(JsonElement record)
        {
            if (record.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"a token record is a JSON {record.ValueKind}, not an object");
            }

            record.TryGetProperty("attributes", out JsonElement attributes);
            var keepAlive = new List<JsonDocument>();
            try
            {
                string? guid = JsonBody.Text(record, "id") ?? JsonBody.Text(record, "guid");
                if (string.IsNullOrEmpty(guid))
                {
                    throw new FormatException("a token record has no id");
                }

                var token = new ApiToken
                {
                    Guid = guid!,
                    ClientId = JsonBody.Text(record, "clientId") ?? JsonBody.Text(attributes, "clientId"),
                    DisplayName = JsonBody.Text(record, "displayName") ?? JsonBody.Text(attributes, "displayName"),
                    Description = JsonBody.Text(attributes, "description") ?? JsonBody.Text(record, "description"),
                    CreatedBy = JsonBody.Text(attributes, "createdBy") ?? JsonBody.Text(record, "createdBy"),
                    CreatedAt = JsonBody.FromEpochMilliseconds(JsonBody.Int64(attributes, "createdAt") ?? JsonBody.Int64(record, "createdAt")),
                    ValiditySeconds = JsonBody.Int64(attributes, "access.token.lifespan"),
                };

                var personas = new List<ApiTokenPersona>();
                List<string>? uninterpreted = null;
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (JsonElement item in JsonBody.LooseArray(attributes, "personaQualifiedName", keepAlive))
                {
                    ApiTokenPersona? persona = ReadPersona(item);
                    if (persona != null && seen.Add(persona.QualifiedName))
                    {
                        personas.Add(persona);
                    }
                    else if (persona == null && UninterpretedText(item) is string raw)
                    {
                        (uninterpreted ??= new List<string>()).Add(raw);
                    }
                }

                token.Personas = PersonaList.Of(personas, uninterpreted);

                var permissions = new List<string>();
                foreach (JsonElement item in JsonBody.LooseArray(attributes, "workspacePermissions", keepAlive))
                {
                    if (item.ValueKind == JsonValueKind.String && item.GetString() is string permission)
                    {
                        permissions.Add(permission);
                    }
                }

                token.WorkspacePermissions = permissions.ToArray();
                return token;
            }
            finally
            {
                foreach (JsonDocument document in keepAlive)
                {
                    document.Dispose();
                }
            }
        }

        /// <summary>The raw JSON of a persona entry that is not a persona this module can read; null for null and blank entries.</summary>
        internal static string? UninterpretedText(JsonElement item)
            => item.ValueKind == JsonValueKind.Null || item.ValueKind == JsonValueKind.Undefined
               || (item.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(item.GetString()))
                ? null
                : item.GetRawText();

        internal static ApiTokenPersona? ReadPersona(JsonElement item)
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                return PersonaFromString(item.GetString());
            }

            if (item.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return PersonaFromParts(JsonBody.Text(item, "personaQualifiedName"), JsonBody.Text(item, "persona"), JsonBody.Text(item, "id"));
        }

        /// <summary>A persona listed as a bare qualified name.</summary>
        internal static ApiTokenPersona? PersonaFromString(string? qualifiedName)
            => string.IsNullOrWhiteSpace(qualifiedName) ? null : new ApiTokenPersona(qualifiedName!, null, null);

        /// <summary>A persona listed as an object: {personaQualifiedName, persona, id}.</summary>
        internal static ApiTokenPersona? PersonaFromParts(string? qn, string? name, string? id)
        {
            if (string.IsNullOrWhiteSpace(qn))
            {
                // Java reads a string-encoded list into the "persona" field: then it holds the qualified name, which is
                // '<tenant id>/<id>' on any tenant ('default' is only the default tenant's id).
                if (LooksLikePersonaQualifiedName(name))
                {
                    return new ApiTokenPersona(name!, null, id);
                }

                return null;
            }

            return new ApiTokenPersona(qn!, string.IsNullOrWhiteSpace(name) || name == qn ? null : name, id);
        }

        /// <summary>The shape of a persona qualified name: '&lt;tenant id&gt;/&lt;id&gt;', two non-empty segments without spaces.</summary>
        internal static bool LooksLikePersonaQualifiedName(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return false;
            }

            int slash = text!.IndexOf('/');
            return slash > 0 && slash < text.Length - 1 && text.IndexOf('/', slash + 1) < 0 && !text.Any(char.IsWhiteSpace);
        }

        /// <summary>
        /// Copies attributes.accessToken of a create response straight into a SecureString, through a buffer
        /// that is zeroed, so the secret never becomes a managed string.
        /// </summary>
        public static System.Security.SecureString? ReadAccessToken(byte[] json)
        {
            var reader = new Utf8JsonReader(json);
            int depth = 0;
            bool inAttributes = false;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        depth++;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        depth--;
                        if (depth == 1)
                        {
                            inAttributes = false;
                        }

                        break;
                    case JsonTokenType.PropertyName:
                        if (depth == 1 && reader.ValueTextEquals("attributes"))
                        {
                            inAttributes = true;
                        }
                        else if (depth == 2 && inAttributes && reader.ValueTextEquals("accessToken"))
                        {
                            reader.Read();
                            if (reader.TokenType != JsonTokenType.String)
                            {
                                return null;
                            }

                            int length = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
                            var buffer = new char[length];
                            int written = reader.CopyString(buffer);
                            return SecretText.FromBuffer(buffer, written);
                        }

                        break;
                }
            }

            return null;
        }
    }
}
