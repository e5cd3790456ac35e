using System;

namespace AtlanTokens.Model
{
    /// <summary>A persona linked to an API token, as the token record describes it.</summary>
    public sealed class ApiTokenPersona : IEquatable<ApiTokenPersona>
    {
        public ApiTokenPersona(string qualifiedName, string? name, string? guid)
        {
            QualifiedName = qualifiedName;
            Name = name;
            Guid = guid;
        }

        public string? Name { get; }

        public string QualifiedName { get; }

        public string? Guid { get; }

        /// <summary>
        /// Equal to another linked persona with the same qualified name, and to a string that is this persona's name or
        /// qualified name (ignoring case, as PowerShell's -eq and -contains do), so <c>$token.Personas -contains 'Analysts'</c>
        /// and <c>Where-Object Personas -contains 'Analysts'</c> work by name.
        /// </summary>
        public override bool Equals(object? obj)
        {
            switch (obj)
            {
                case ApiTokenPersona other:
                    return Equals(other);
                case string text:
                    return string.Equals(text, Name, StringComparison.OrdinalIgnoreCase)
                        || string.Equals(text, QualifiedName, StringComparison.OrdinalIgnoreCase);
                default:
                    return false;
            }
        }

        public bool Equals(ApiTokenPersona? other) => other != null && string.Equals(QualifiedName, other.QualifiedName, StringComparison.Ordinal);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(QualifiedName);

        public override string ToString() => Name ?? QualifiedName;
    }
}
