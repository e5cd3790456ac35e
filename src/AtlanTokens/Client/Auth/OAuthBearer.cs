using System;

namespace AtlanTokens.Client.Auth
{
    /// <summary>A bearer the token endpoint handed out for an OAuth client, and how long it is valid.</summary>
    internal sealed class OAuthBearer
    {
        /// <summary>pyatlan's assumption when the answer carries no lifetime.</summary>
        public static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(600);

        public OAuthBearer(string accessToken, TimeSpan? lifetime)
        {
            AccessToken = accessToken;
            LifetimeAssumed = !lifetime.HasValue || lifetime.Value <= TimeSpan.Zero;
            Lifetime = LifetimeAssumed ? DefaultLifetime : lifetime!.Value;
        }

        public string AccessToken { get; }

        public TimeSpan Lifetime { get; }

        public bool LifetimeAssumed { get; }

        public override string ToString() => $"OAuth bearer valid for {Lifetime.TotalSeconds:0} s"; // never the token
    }
}
