using System;
using System.Net;

namespace AtlanTokens.Session
{
    /// <summary>Validates and normalises a tenant base URL to scheme://host[:port].</summary>
    internal static class TenantUrl
    {
        public static bool TryParse(string? text, out Uri? baseUri, out string? problem, out bool pathDropped)
        {
            baseUri = null;
            pathDropped = false;
            problem = null;
            string value = (text ?? string.Empty).Trim();
            if (value.Length == 0)
            {
                problem = "No base URL was given and ATLAN_BASE_URL is not set.";
                return false;
            }

            if (value.IndexOf("://", StringComparison.Ordinal) < 0)
            {
                value = "https://" + value;
            }

            if (!Uri.TryCreate(value, UriKind.Absolute, out Uri? parsed) || string.IsNullOrEmpty(parsed.Host))
            {
                problem = $"'{text}' is not a valid URL. Give the tenant's address, for example https://mytenant.atlan.com.";
                return false;
            }

            if (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp)
            {
                problem = $"'{text}' uses the scheme '{parsed.Scheme}'; an Atlan tenant is reached over https.";
                return false;
            }

            if (!string.IsNullOrEmpty(parsed.UserInfo))
            {
                problem = "The base URL must not contain a user name or password; pass the key with -ApiKey.";
                return false;
            }

            pathDropped = parsed.AbsolutePath.Trim('/').Length > 0 || parsed.Query.Length > 0 || parsed.Fragment.Length > 0;
            baseUri = new Uri(parsed.GetLeftPart(UriPartial.Authority) + "/");
            return true;
        }

        public static bool IsLoopback(Uri uri)
        {
            if (uri.IsLoopback)
            {
                return true;
            }

            return IPAddress.TryParse(uri.DnsSafeHost, out IPAddress? address) && IPAddress.IsLoopback(address);
        }
    }
}
