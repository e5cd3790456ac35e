namespace AtlanTokens.Client
{
    /// <summary>Who a bearer token acts as (users/current).</summary>
    internal sealed class CurrentUser
    {
        public CurrentUser(string username, string? id, string? email)
        {
            Username = username;
            Id = id;
            Email = email;
        }

        public string Username { get; }

        public string? Id { get; }

        public string? Email { get; }
    }
}
