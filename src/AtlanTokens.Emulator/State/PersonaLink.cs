namespace AtlanTokens.Emulator.State;

/// <summary>A persona as linked to a token: captured when linked, so a later persona change does not rewrite it.</summary>
internal sealed record PersonaLink(string Guid, string Name, string QualifiedName);
