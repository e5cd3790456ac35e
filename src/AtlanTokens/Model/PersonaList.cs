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

        public IEnumerable<string> QualifiedNames => this.Select(p => p.QualifiedName);

        public override string ToString() => string.Join("; ", this.Select(p => p.ToString()));
    }
}
