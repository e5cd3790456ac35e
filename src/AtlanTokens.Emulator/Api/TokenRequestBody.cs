using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AtlanTokens.Emulator.Errors;

namespace AtlanTokens.Emulator.Api;

/// <summary>The validated body of a token create or update (all four keys required, as the seed page says).</summary>
internal sealed record TokenRequestBody(string DisplayName, string Description, IReadOnlyList<string> PersonaQualifiedNames, long ValiditySeconds)
{
    public const int MaxDisplayNameLength = 255;
    public const int MaxDescriptionLength = 255;
    public const long DefaultValiditySeconds = 157680000;
    public const long MaxValiditySeconds = 409968000;

    public static TokenRequestBody Parse(JsonObject body, bool isCreate)
    {
        string displayName = RequestJson.RequireString(body, "displayName");
        if (string.IsNullOrWhiteSpace(displayName))
        {
            throw ServiceRefusalException.BadRequest(4, "Field 'displayName' must not be empty or whitespace.", "displayName");
        }

        if (displayName.Length > MaxDisplayNameLength)
        {
            throw ServiceRefusalException.BadRequest(5, $"Field 'displayName' is longer than {MaxDisplayNameLength} characters.", "displayName");
        }

        string description = RequestJson.RequireString(body, "description");
        if (description.Length > MaxDescriptionLength)
        {
            throw ServiceRefusalException.BadRequest(5, $"Field 'description' is longer than {MaxDescriptionLength} characters.", "description");
        }

        JsonArray personas = RequestJson.RequireArray(body, "personas");
        if (personas.Count > 0)
        {
            throw ServiceRefusalException.BadRequest(8, "Field 'personas' is no longer used and must be an empty array; link personas with 'personaQualifiedNames'.", "personas");
        }

        IReadOnlyList<string> qualifiedNames = RequestJson.RequireStringArray(body, "personaQualifiedNames");
        long validity = DefaultValiditySeconds;
        if (isCreate && body.TryGetPropertyValue("validitySeconds", out JsonNode? validityNode))
        {
            validity = ParseValidity(validityNode);
        }

        return new TokenRequestBody(displayName, description, qualifiedNames, validity);
    }

    private static long ParseValidity(JsonNode? node)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number || !value.TryGetValue(out long seconds))
        {
            throw ServiceRefusalException.BadRequest(3, "Field 'validitySeconds' must be an integer number of seconds.", "validitySeconds");
        }

        if (seconds < 1 || seconds > MaxValiditySeconds)
        {
            throw ServiceRefusalException.BadRequest(7,
                string.Create(CultureInfo.InvariantCulture, $"Field 'validitySeconds' must be between 1 and {MaxValiditySeconds}; got {seconds}."),
                "validitySeconds");
        }

        return seconds;
    }
}
