using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace AtlanTokens.Model
{
    /// <summary>The personas of a token; prints as "A; B" so Export-Csv and string output stay readable.</summary>
    public sealed class PersonaList : ReadOnlyCollection<ApiTokenPersona>
    {
        public static readonly PersonaList Empty = new PersonaList(new List<ApiTokenPersona>());

        public PersonaList(IList<ApiTokenPersona> personas)
            : base(personas)
        {
        }

        internal PersonaList(IList<ApiTokenPersona> personas, IReadOnlyList<string> uninterpreted)
            : base(personas)
        {
            Uninterpreted = uninterpreted;
        }

        /// <summary>
        /// Entries of the token's persona list this module cannot read (raw JSON, as the tenant sent them): kept
        /// verbatim when the token is updated, so an update never unlinks what it could not show.
        /// </summary>
        public IReadOnlyList<string> Uninterpreted { get; } = System.Array.Empty<string>();

        internal static PersonaList Of(List<ApiTokenPersona> personas, List<string>? uninterpreted)
            => uninterpreted != null && uninterpreted.Count > 0
                ? new PersonaList(personas, uninterpreted)
                : personas.Count == 0 ? Empty : new PersonaList(personas);

        public IEnumerable<string> QualifiedNames => this.Select(p => p.QualifiedName);

        public override string ToString() => string.Join("; ", this.Select(p => p.ToString()));
    }
}
