using System;

namespace AtlanTokens.Emulator.Errors;

/// <summary>
/// A request refused the way Atlas refuses it (contract "Atlas behaviours"): the body is only
/// <c>{"errorCode": "ATLAS-...", "errorMessage": "..."}</c>, with the code a string (AtlasBaseExceptionMapper).
/// </summary>
internal sealed class AtlasRefusal : Exception
{
    public AtlasRefusal(int status, string errorCode, string message)
        : base(message)
    {
        Status = status;
        ErrorCode = errorCode;
    }

    public int Status { get; }

    public string ErrorCode { get; }

    /// <summary>ATLAS-404-00-005 INSTANCE_GUID_NOT_FOUND.</summary>
    public static AtlasRefusal GuidNotFound(string guid) =>
        new(404, "ATLAS-404-00-005", $"Given instance guid {guid} is invalid/not found");

    /// <summary>ATLAS-403-00-001 UNAUTHORIZED_ACCESS.</summary>
    public static AtlasRefusal Unauthorized(string username, string action) =>
        new(403, "ATLAS-403-00-001", $"{username} is not authorized to perform {action}");

    /// <summary>
    /// KeycloakStore.updateRoleUsers: <c>new AtlasBaseException("Keycloak user not found with userName " + x)</c>; the
    /// String constructor means INTERNAL_ERROR, so HTTP 500 with ATLAS-500-00-001.
    /// </summary>
    public static AtlasRefusal KeycloakUserNotFound(string username) =>
        new(500, "ATLAS-500-00-001", $"Keycloak user not found with userName {username}");

    /// <summary>ATLAS-400-00-114 ADMIN_LIST_SHOULD_NOT_BE_EMPTY.</summary>
    public static AtlasRefusal AdminListEmpty(string typeName) =>
        new(400, "ATLAS-400-00-114", $"Admin list should not be empty for type {typeName}");
}
