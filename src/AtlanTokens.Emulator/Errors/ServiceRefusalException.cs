using System;

namespace AtlanTokens.Emulator.Errors;

/// <summary>A request the emulator refuses; rendered as an Atlan-shaped error body by the API pipeline.</summary>
internal sealed class ServiceRefusalException : Exception
{
    public ServiceRefusalException(int status, int code, string message, string? location = null, string? cause = null)
        : base(message)
    {
        Status = status;
        Code = code;
        Location = location;
        Cause = cause;
    }

    public int Status { get; }

    public int Code { get; }

    public string? Location { get; }

    public string? Cause { get; }

    public static ServiceRefusalException BadRequest(int code, string message, string? location = null) =>
        new(400, code, message, location);
}
