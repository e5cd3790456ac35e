namespace AtlanTokens.Client
{
    /// <summary>Where the client reports what it does. Implementations must never be handed a secret.</summary>
    internal interface IAtlanLog
    {
        void Verbose(string message);
        void Debug(string message);
        void Warning(string message);
    }

    internal sealed class NullAtlanLog : IAtlanLog
    {
        public static readonly NullAtlanLog Instance = new NullAtlanLog();
        public void Verbose(string message) { }
        public void Debug(string message) { }
        public void Warning(string message) { }
    }
}
