using AtlanTokens.Model;

namespace AtlanTokens.Operations
{
    /// <summary>The token a rotation acts on, and the new token of the unfinished rotation it resumes (-Resume), if any.</summary>
    internal sealed class RotationTarget
    {
        public RotationTarget(ApiToken old, ApiToken? resumed)
        {
            Old = old;
            Resumed = resumed;
        }

        /// <summary>The token to rotate, as read now, with its session.</summary>
        public ApiToken Old { get; }

        /// <summary>The new token passed back with -Resume, as stored now, carrying the secret the caller had (if any).</summary>
        public ApiToken? Resumed { get; }
    }
}
