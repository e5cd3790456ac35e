using AtlanTokens.Model;

namespace AtlanTokens.Operations
{
    /// <summary>How a token update ended: the token as stored (or as the write answered), and whether that is verified.</summary>
    internal sealed class ApiTokenUpdateResult
    {
        public ApiTokenUpdateResult(ApiToken token, bool written, string? notVerified)
        {
            Token = token;
            Written = written;
            NotVerified = notVerified;
        }

        public ApiToken Token { get; }

        /// <summary>False when the token already had the change and nothing was sent.</summary>
        public bool Written { get; }

        /// <summary>
        /// Why the change could not be confirmed (the check read was refused): it was applied, as far as the write's
        /// answer tells, but not verified. Null when verified.
        /// </summary>
        public string? NotVerified { get; }
    }
}
