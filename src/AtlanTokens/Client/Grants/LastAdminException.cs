using System;

namespace AtlanTokens.Client
{
    /// <summary>A removal would leave the asset with no admin user, group or role; Atlas refuses that (ATLAS-400-00-114), so it is not sent.</summary>
    public sealed class LastAdminException : Exception
    {
        internal LastAdminException(string message)
            : base(message)
        {
        }
    }
}
