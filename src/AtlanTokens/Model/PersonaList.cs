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

        /// <summary>True when some persona is listed by qualified name only (a record shape without names).</summary>
        internal bool LacksNames => this.Any(p => p.Name == null);

        /// <summary>The same personas with names (and GUIDs) filled in where the record left them out and <paramref name="find"/> knows them.</summary>
        internal PersonaList WithNames(System.Func<string, (string Name, string Guid)?> find)
        {
            var named = new List<ApiTokenPersona>(Count);
            foreach (ApiTokenPersona persona in this)
            {
                (string Name, string Guid)? known = persona.Name == null ? find(persona.QualifiedName) : null;
                named.Add(known is (string name, string guid) ? new ApiTokenPersona(persona.QualifiedName, name, persona.Guid ?? guid) : persona);
            }

            return new PersonaList(named, Uninterpreted);
        }

        public override string ToString() => string.Join("; ", this.Select(p => p.ToString()));
    }
}
