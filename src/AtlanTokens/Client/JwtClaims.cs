using System;
using System.Security;
using System.Text;
using System.Text.Json;

namespace AtlanTokens.Client
{
    /// <summary>Reads the expiry of a JWT-shaped bearer token locally, without sending it anywhere.</summary>
    internal static class JwtClaims
    {
        /// <summary>The exp claim as UTC time; null when the token is not a JWT or has no exp.</summary>
        public static DateTime? ExpiresAt(SecureString token, out bool isJwt)
        {
            isJwt = false;
            string text = SecretText.Reveal(token);
            string[] parts = text.Split('.');
            if (parts.Length != 3 || parts[1].Length == 0)
            {
                return null;
            }

            byte[] payload;
            try
            {
                payload = FromBase64Url(parts[1]);
            }
            catch (FormatException)
            {
                return null;
            }

            try
            {
                using JsonDocument document = JsonDocument.Parse(payload);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }

                isJwt = true;
                long? exp = JsonBody.Int64(document.RootElement, "exp");
                // An exp no date can hold (before year 1 or after 9999) is read as no expiry known.
                return exp.HasValue && exp.Value >= -62_135_596_800 && exp.Value <= 253_402_300_799
                    ? DateTimeOffset.FromUnixTimeSeconds(exp.Value).UtcDateTime
                    : (DateTime?)null;
            }
            catch (JsonException)
            {
                return null;
            }
            finally
            {
                Array.Clear(payload, 0, payload.Length);
            }
        }

        private static byte[] FromBase64Url(string value)
        {
            var builder = new StringBuilder(value.Length + 3);
            builder.Append(value.Replace('-', '+').Replace('_', '/'));
            while (builder.Length % 4 != 0)
            {
                builder.Append('=');
            }

            return Convert.FromBase64String(builder.ToString());
        }
    }
}
