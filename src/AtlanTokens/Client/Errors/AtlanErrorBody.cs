using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace AtlanTokens.Client
{
    /// <summary>Reads the many shapes of Atlan error bodies (or bodies that are not JSON at all).</summary>
    internal static class AtlanErrorBody
    {
        private const int MaxRawSnippet = 300;

        /// <param name="bearer">The token the request carried: hidden if a server or proxy echoes it in its error.</param>
        public static AtlanApiException ToException(int status, string? reason, string method, string path, string requestId, byte[] body, string? mediaType, string tenant, string? bearer = null)
            => ToException(status, reason, method, path, requestId, body, mediaType, tenant, new SecretMask(new[] { bearer }));

        /// <param name="secrets">
        /// Every secret the request knows (the key it carried, the session's key, a created token's key in flight):
        /// masked in every field of the body, whole and in pieces, before anything is cut or shown.
        /// </param>
        public static AtlanApiException ToException(int status, string? reason, string method, string path, string requestId, byte[] body, string? mediaType, string tenant, SecretMask secrets)
        {
            string? code = null, message = null, errorId = null;
            var causes = new List<(string Message, string? Location)>();
            string? messageLocation = null;
            bool parsed = false;
            if (body.Length > 0 && (mediaType == null || mediaType.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0 || LooksLikeJson(body)))
            {
                try
                {
                    using var document = JsonDocument.Parse(body);
                    if (document.RootElement.ValueKind == JsonValueKind.Object)
                    {
                        JsonElement root = document.RootElement;
                        code = secrets.Apply(Text(root, "errorCode") ?? Text(root, "code") ?? Text(root, "error") ?? Text(root, "status"));
                        message = secrets.Apply(Text(root, "errorMessage") ?? Text(root, "message") ?? Text(root, "errorCause") ?? Text(root, "error_description") ?? Text(root, "info"));
                        errorId = secrets.Apply(Text(root, "errorId"));
                        if (root.TryGetProperty("causes", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
                        {
                            foreach (JsonElement cause in list.EnumerateArray())
                            {
                                string? causeMessage = cause.ValueKind == JsonValueKind.Object ? secrets.Apply(Text(cause, "errorMessage") ?? Text(cause, "message")) : null;
                                string? location = cause.ValueKind == JsonValueKind.Object ? secrets.Apply(Text(cause, "location")) : null;
                                location = string.IsNullOrWhiteSpace(location) ? null : location;
                                if (causeMessage == null || string.IsNullOrWhiteSpace(causeMessage))
                                {
                                    continue;
                                }

                                if (SameText(causeMessage, message))
                                {
                                    // Atlan repeats its message as the cause: state it once, with where it applies.
                                    messageLocation ??= location;
                                }
                                else if (!causes.Any(c => SameText(c.Message, causeMessage) && c.Location == location))
                                {
                                    causes.Add((causeMessage, location));
                                }
                            }
                        }

                        parsed = true;
                    }
                }
                catch (JsonException)
                {
                }
            }

            var text = new StringBuilder();
            reason = string.IsNullOrEmpty(reason) ? null : Clean(secrets.Apply(reason)!, 100);
            text.Append($"Atlan at {tenant} answered {status}{(reason == null ? string.Empty : " (" + reason + ")")} to {method} {path}");
            if (message != null)
            {
                text.Append(": ").Append(Clean(message, 1000));
                if (messageLocation != null)
                {
                    text.Append(" (at ").Append(Clean(messageLocation, 200)).Append(')');
                }
            }
            else if (!parsed)
            {
                text.Append(DescribeRaw(status, body, mediaType, secrets));
            }

            foreach ((string cause, string? location) in causes)
            {
                text.Append(" Cause: ").Append(Clean(cause, 500));
                if (location != null)
                {
                    text.Append(" (at ").Append(Clean(location, 200)).Append(')');
                }
            }

            text.Append(" [");
            if (code != null)
            {
                code = Clean(code, 200);
                text.Append("Atlan error ").Append(code).Append("; ");
            }

            if (errorId != null)
            {
                errorId = Clean(errorId, 200);
                text.Append("error id ").Append(errorId).Append("; ");
            }

            text.Append("request id ").Append(requestId).Append(']');
            // Every part was masked before it was cut; the whole is masked again in case two parts joined make a piece.
            return new AtlanApiException(
                secrets.Apply(text.ToString())!,
                method,
                path,
                requestId,
                status,
                code,
                message == null ? null : Clean(message, 4000),
                errorId,
                causes.Select(c => Clean(c.Location == null ? c.Message : $"{c.Message} (at {c.Location})", 1000)).ToList(),
                mayHaveBeenApplied: status >= 500 && !StoredNothing(status, message));
        }

        private static bool LooksLikeHtml(byte[] body)
        {
            string start = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 64)).TrimStart();
            return start.StartsWith("<html", StringComparison.OrdinalIgnoreCase) || start.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>The same sentence, whatever the trailing full stop and surrounding white space.</summary>
        private static bool SameText(string? a, string? b)
            => a != null && b != null && string.Equals(a.Trim().TrimEnd('.'), b.Trim().TrimEnd('.'), StringComparison.Ordinal);

        private static bool LooksLikeJson(byte[] body)
        {
            foreach (byte b in body)
            {
                if (b == (byte)' ' || b == (byte)'\t' || b == (byte)'\r' || b == (byte)'\n')
                {
                    continue;
                }

                return b == (byte)'{' || b == (byte)'[';
            }

            return false;
        }

        /// <summary>
        /// Atlas's 500 for a username Keycloak does not know (KeycloakStore.updateRoleUsers): thrown before anything is
        /// stored, so unlike other 5xx answers it certainly was not applied.
        /// </summary>
        private static bool StoredNothing(int status, string? message)
            => status == 500 && message != null && message.StartsWith(GrantUserNotFoundException.KeycloakMessagePrefix, StringComparison.Ordinal);

        private static string DescribeRaw(int status, byte[] body, string? mediaType, SecretMask secrets)
        {
            if (body.Length == 0)
            {
                return " with an empty body.";
            }

            bool html = (mediaType != null && mediaType.IndexOf("html", StringComparison.OrdinalIgnoreCase) >= 0) || LooksLikeHtml(body);
            if (html && status == 429)
            {
                // The nginx gateway in front of Atlan answers its own rate limit with an HTML page and no Retry-After.
                return " with the gateway's rate-limit page: too many requests reached the tenant (its gateway limits requests per client address).";
            }

            if (html && (status == 502 || status == 503 || status == 504))
            {
                return " with the gateway's error page: the gateway in front of Atlan could not get an answer from the service behind it.";
            }

            if (html)
            {
                return " with an HTML page instead of an Atlan error (is the base URL an Atlan tenant, or is a proxy in the way?).";
            }

            string raw = secrets.Apply(Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, SecretMask.MaxScannedChars)))!;
            return " with a body that is not JSON: \"" + Clean(raw, MaxRawSnippet) + "\".";
        }

        private static string? Text(JsonElement element, string name)
        {
            if (!element.TryGetProperty(name, out JsonElement value))
            {
                return null;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    string? s = value.GetString();
                    return string.IsNullOrWhiteSpace(s) ? null : s;
                case JsonValueKind.Number:
                    return value.GetRawText();
                default:
                    return null;
            }
        }

        /// <summary>Collapses control characters and bounds the length, so an odd body cannot garble a console.</summary>
        internal static string Clean(string value, int maxLength)
        {
            var builder = new StringBuilder(Math.Min(value.Length, maxLength + 1));
            foreach (char c in value)
            {
                if (builder.Length >= maxLength)
                {
                    builder.Append('…');
                    break;
                }

                builder.Append(char.IsControl(c) ? ' ' : c);
            }

            return builder.ToString().Trim();
        }
    }
}
