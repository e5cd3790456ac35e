using System.Management.Automation;
using AtlanTokens.Client;

namespace AtlanTokens.Cmdlets
{
    /// <summary>Normalises a -Guid argument: surrounding white space, braces or parentheses and upper case are accepted.</summary>
    internal static class GuidArgument
    {
        /// <summary>The canonical (lower-case, dashed) form, or null after writing an InvalidGuid error naming the value.</summary>
        public static string? Normalize(AtlanCmdlet cmdlet, string? value, string noun)
        {
            if (value != null && System.Guid.TryParse(value.Trim(), out System.Guid parsed))
            {
                return parsed.ToString("D");
            }

            cmdlet.WriteError(ErrorIds.InvalidGuid, ErrorCategory.InvalidArgument, value,
                $"'{value}' is not a GUID, so it cannot name a {noun}. A GUID looks like 5f0c1d7e-8a2b-4c3d-9e4f-0a1b2c3d4e5f.",
                $"Pass the {noun}'s GUID (its Guid property), or find it by name first.");
            return null;
        }
    }
}
