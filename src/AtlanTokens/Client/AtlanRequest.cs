using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Security;

namespace AtlanTokens.Client
{
    /// <summary>Whether a request may be sent again when its outcome is unknown.</summary>
    internal enum RetryMode
    {
        /// <summary>Reading or idempotent change (GET, DELETE, update by GUID, search): retry transient failures.</summary>
        Idempotent,

        /// <summary>Create or save: only retried when the server certainly did not act (429, connection refused).</summary>
        NotIdempotent,
    }

    internal sealed class AtlanRequest
    {
        public AtlanRequest(HttpMethod method, string path)
        {
            Method = method;
            Path = path;
        }

        /// <summary>
        /// A request for one object: its id (from the tenant or a pipeline object) escaped as the last path segment.
        /// An id that is empty or only dots is refused before anything is sent: a URL resolves '.' and '..' as directory
        /// steps, so such an id would address another path of the server instead of the object.
        /// </summary>
        public static AtlanRequest ForObject(HttpMethod method, string collectionPath, string id)
        {
            string segment = Uri.EscapeDataString(id ?? string.Empty);
            if (segment.Trim('.').Length == 0)
            {
                throw new AtlanResponseException(
                    $"'{id}' is not an id that can name one object in a URL (it came from the tenant's data); nothing was sent.",
                    method.Method,
                    collectionPath,
                    null,
                    null);
            }

            return new AtlanRequest(method, collectionPath + segment);
        }

        public HttpMethod Method { get; }

        /// <summary>Path below the tenant root, starting with '/', without query.</summary>
        public string Path { get; }

        public List<KeyValuePair<string, string>> Query { get; } = new List<KeyValuePair<string, string>>();

        /// <summary>UTF-8 JSON body, or null for none.</summary>
        public byte[]? Body { get; set; }

        public RetryMode RetryMode { get; set; } = RetryMode.Idempotent;

        /// <summary>Sent without any Authorization header (the OAuth exchange, which authenticates by its body).</summary>
        public bool Anonymous { get; set; }

        /// <summary>A different bearer token for this request only (a user's impersonation token).</summary>
        public SecureString? BearerOverride { get; set; }

        /// <summary>Further secrets to hide if the server echoes them in an error (e.g. a token's key just created).</summary>
        public System.Collections.Generic.IReadOnlyList<string>? SecretsInFlight { get; set; }

        public AtlanRequest WithQuery(string name, string value)
        {
            Query.Add(new KeyValuePair<string, string>(name, value));
            return this;
        }

        public string PathAndQuery
        {
            get
            {
                if (Query.Count == 0)
                {
                    return Path;
                }

                var parts = new string[Query.Count];
                for (int i = 0; i < Query.Count; i++)
                {
                    parts[i] = Uri.EscapeDataString(Query[i].Key) + "=" + Uri.EscapeDataString(Query[i].Value);
                }

                return Path + "?" + string.Join("&", parts);
            }
        }
    }
}
