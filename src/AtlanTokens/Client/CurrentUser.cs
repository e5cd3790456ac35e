namespace AtlanTokens.Client
{
    /// <summary>Who a bearer token acts as (users/current).</summary>
    internal sealed class CurrentUser
    {
        public CurrentUser(string username)
        {
            Username = username;
        }

        public string Username { get; }
    }
}
