using System;
using AtlanTokens.Client;

namespace AtlanTokens.Tests
{
    internal static class TestClients
    {
        public const string ApiKey = "test-api-key-0123456789";

        public static AtlanClient Create(System.Net.Http.HttpMessageHandler handler, int maxRetries = 2, string apiKey = ApiKey, AtlanClock? clock = null)
            => new AtlanClient(
                new Uri("https://tenant.example.com/"),
                SecretText.FromString(apiKey),
                new AtlanClientOptions
                {
                    MaxRetries = maxRetries,
                    RetryBaseDelay = TimeSpan.FromMilliseconds(1),
                    MaxRetryDelay = TimeSpan.FromMilliseconds(5),
                    RequestTimeout = TimeSpan.FromSeconds(10),
                    Clock = clock ?? AtlanClock.System,
                },
                handler);

        public const string TokenRecord = """
            {"id":"5f0e8e0c-1111-4a4a-9b9b-000000000001","clientId":"apikey-aaaa","displayName":"ci-deploy",
             "attributes":{"access.token.lifespan":"86400","clientId":"apikey-aaaa","createdAt":"1735689600000","createdBy":"alice",
               "description":"deploys","displayName":"ci-deploy","personas":[],
               "personaQualifiedName":[{"id":"p1","persona":"Data Stewards","personaQualifiedName":"default/stewards0000000000000"}],
               "workspacePermissions":["a","b"],"purposes":[]}}
            """;
    }
}
