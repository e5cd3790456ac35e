using System;
using System.Text.RegularExpressions;
using AtlanTokens.Client;
using AtlanTokens.Model;

namespace AtlanTokens.Operations
{
    /// <summary>
    /// The evidence a rotation leaves on its new token: a suffix of the new token's description,
    /// <c>[rotation of &lt;old GUID&gt; as &lt;own client id&gt;]</c>, written only after the new secret was proven and
    /// before any step that can end without handing that secret over (the output, or the RotationIncomplete error).
    /// A later run adopts a token as the new token of an unfinished rotation only when its mark names the old token
    /// AND the token's own client id: a copy of the token (e.g. <c>Get-AtlanApiToken x | New-AtlanApiToken</c>, which
    /// copies the description) gets another client id, so its copied mark is not evidence. A finished rotation removes
    /// the mark. Azure Automation keeps no files between jobs, so this tenant-side mark is what a scheduled rerun finds.
    /// </summary>
    internal static class RotationMark
    {
        private static readonly Regex Pattern = new Regex(
            @"\s*\[rotation of (?<old>[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}) as (?<client>[^\]\s]+)\]",
            RegexOptions.CultureInvariant);

        /// <summary>The mark for the new token <paramref name="newToken"/> of a rotation of <paramref name="oldGuid"/>.</summary>
        public static string For(string oldGuid, ApiToken newToken)
            => $"[rotation of {oldGuid.ToLowerInvariant()} as {ClientIdOf(newToken)}]";

        /// <summary>
        /// The longest description the mark is fitted into: 255 characters, the limit the emulator enforces (the
        /// contract documents none; staying under it costs nothing where the limit is larger). While the mark is on, a
        /// longer description is shortened; the finishing run writes the old token's description back in full.
        /// </summary>
        internal const int MaxDescriptionLength = 255;

        /// <summary>The description with the mark appended (any mark it carried before removed).</summary>
        public static string Append(string? description, string oldGuid, ApiToken newToken)
        {
            string bare = Strip(description);
            string mark = For(oldGuid, newToken);
            if (bare.Length == 0)
            {
                return mark;
            }

            int room = MaxDescriptionLength - mark.Length - 1;
            if (bare.Length > room)
            {
                bare = room > 1 ? bare.Substring(0, char.IsHighSurrogate(bare[room - 2]) ? room - 2 : room - 1) + "\u2026" : string.Empty;
            }

            return bare.Length == 0 ? mark : bare + " " + mark;
        }

        /// <summary>The description without any rotation mark (what a rotation copies, and what a finished one leaves).</summary>
        public static string Strip(string? description) => Pattern.Replace(description ?? string.Empty, string.Empty);

        /// <summary>True when the description carries a mark (any, evidence or not).</summary>
        public static bool IsMarked(string? description) => Pattern.IsMatch(description ?? string.Empty);

        /// <summary>
        /// The GUID of the old token <paramref name="token"/> was made for by a rotation, when its own mark says so: the
        /// mark names the token's own client id. Null for an unmarked token and for a mark copied from another token.
        /// </summary>
        public static string? OldGuidOf(ApiToken token)
        {
            string own = ClientIdOf(token);
            if (own.Length == 0)
            {
                return null;
            }

            foreach (Match match in Pattern.Matches(token.Description ?? string.Empty))
            {
                if (string.Equals(ApiTokenFilter.StripUsernamePrefix(match.Groups["client"].Value), own, StringComparison.OrdinalIgnoreCase)
                    && !string.Equals(match.Groups["old"].Value, token.Guid, StringComparison.OrdinalIgnoreCase))
                {
                    return match.Groups["old"].Value.ToLowerInvariant();
                }
            }

            return null;
        }

        /// <summary>True when <paramref name="candidate"/> carries its own mark naming <paramref name="oldGuid"/>.</summary>
        public static bool IsSuccessorOf(ApiToken candidate, string oldGuid)
            => string.Equals(OldGuidOf(candidate), oldGuid, StringComparison.OrdinalIgnoreCase);

        private static string ClientIdOf(ApiToken token) => ApiTokenFilter.StripUsernamePrefix(token.ClientId ?? string.Empty);
    }
}
