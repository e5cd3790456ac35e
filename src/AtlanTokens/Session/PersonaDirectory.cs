using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Model;

namespace AtlanTokens.Session
{
    /// <summary>
    /// The tenant's personas, read with one search and kept briefly: resolves names to qualified names for
    /// -Persona and feeds tab completion without a request per keystroke. A miss refreshes once.
    /// </summary>
    internal sealed class PersonaDirectory
    {
        private static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(60);
        private static readonly string[] Attributes = { "name", "qualifiedName", "description", "isAccessControlEnabled" };

        private readonly SearchEndpoint _search;
        private readonly TimedCache<IReadOnlyList<AtlanPersona>> _cache = new TimedCache<IReadOnlyList<AtlanPersona>>(FreshFor);

        /// <summary>Why the directory could not be read for naming, kept as long as a list is: a listing never searches per token.</summary>
        private readonly TimedCache<string> _unavailable = new TimedCache<string>(FreshFor);

        public PersonaDirectory(SearchEndpoint search)
        {
            _search = search;
        }

        /// <summary>The cached list if it is still fresh, else null (used by tab completion, which must not wait).</summary>
        public IReadOnlyList<AtlanPersona>? CachedOrNull => _cache.CachedOrNull;

        public Task<IReadOnlyList<AtlanPersona>> GetAllAsync(bool forceRefresh, IAtlanLog log, CancellationToken cancellationToken)
            => _cache.GetAsync(cancel => LoadAsync(log, cancel), forceRefresh, cancellationToken);

        private async Task<IReadOnlyList<AtlanPersona>> LoadAsync(IAtlanLog log, CancellationToken cancellationToken)
        {
            List<SearchHit> hits = await _search.FindAllAsync(new SearchFilter().TypeName("Persona"), Attributes, log, cancellationToken).ConfigureAwait(false);
            var personas = new List<AtlanPersona>(hits.Count);
            foreach (SearchHit hit in hits)
            {
                if (hit.Name is string name && hit.QualifiedName is string qualifiedName)
                {
                    bool enabled = !(hit.Attributes.ValueKind == System.Text.Json.JsonValueKind.Object
                        && hit.Attributes.TryGetProperty("isAccessControlEnabled", out var flag)
                        && flag.ValueKind == System.Text.Json.JsonValueKind.False);
                    personas.Add(new AtlanPersona(hit.Guid, name, qualifiedName, JsonBody.Text(hit.Attributes, "description"), enabled));
                }
            }

            personas.Sort((a, b) => string.Compare(a.Name, b.Name, StringComparison.OrdinalIgnoreCase));
            return personas;
        }

        /// <summary>
        /// Fills in the persona names a token record left out: some list shapes carry only qualified names (a
        /// JSON-encoded list of strings, as atlan-go documents for retrieval). One search loads the directory (kept a
        /// minute); a persona it does not know keeps its qualified name. Never fails the caller: without the directory
        /// (e.g. the key may not search personas) the record stays as read.
        /// </summary>
        public async Task NameAsync(ApiToken token, IAtlanLog log, CancellationToken cancellationToken)
        {
            if (!token.Personas.LacksNames || _unavailable.CachedOrNull != null)
            {
                return;
            }

            IReadOnlyList<AtlanPersona> all;
            try
            {
                all = await GetAllAsync(false, log, cancellationToken).ConfigureAwait(false);
            }
            catch (AtlanException e)
            {
                log.Verbose($"Persona names stay qualified names for a minute: the persona directory could not be read ({e.Message}).");
                await _unavailable.GetAsync(_ => Task.FromResult(e.Message), forceRefresh: true, cancellationToken).ConfigureAwait(false);
                return;
            }

            var byQualifiedName = new Dictionary<string, AtlanPersona>(StringComparer.Ordinal);
            foreach (AtlanPersona persona in all)
            {
                byQualifiedName[persona.QualifiedName] = persona;
            }

            token.Personas = token.Personas.WithNames(qn => byQualifiedName.TryGetValue(qn, out AtlanPersona? p) ? (p.Name, p.Guid) : ((string, string)?)null);
        }

        /// <summary>
        /// Resolves each name or qualified name to exactly one persona. Throws <see cref="PersonaResolutionException"/>
        /// naming every reference that matches none or several, so nothing is sent when any is wrong.
        /// </summary>
        public async Task<List<AtlanPersona>> ResolveAsync(IReadOnlyCollection<string> references, IAtlanLog log, CancellationToken cancellationToken)
        {
            if (references.Count == 0)
            {
                return new List<AtlanPersona>();
            }

            if (references.Any(string.IsNullOrWhiteSpace))
            {
                throw new PersonaResolutionException(new[] { "(empty)" }, Array.Empty<string>(), Array.Empty<string>());
            }

            IReadOnlyList<AtlanPersona> all = await GetAllAsync(false, log, cancellationToken).ConfigureAwait(false);
            if (references.Any(r => Match(all, r).Count != 1))
            {
                all = await GetAllAsync(true, log, cancellationToken).ConfigureAwait(false);
            }

            var resolved = new List<AtlanPersona>();
            var missing = new List<string>();
            var ambiguous = new List<string>();
            foreach (string reference in references)
            {
                List<AtlanPersona> matches = Match(all, reference);
                if (matches.Count == 1)
                {
                    if (!resolved.Any(p => p.QualifiedName == matches[0].QualifiedName))
                    {
                        resolved.Add(matches[0]);
                    }
                }
                else if (matches.Count == 0)
                {
                    missing.Add(reference);
                }
                else
                {
                    ambiguous.Add($"'{reference}' ({string.Join(", ", matches.Select(m => m.QualifiedName))})");
                }
            }

            if (missing.Count > 0 || ambiguous.Count > 0)
            {
                throw new PersonaResolutionException(missing, ambiguous, all.Select(p => p.Name).ToList());
            }

            return resolved;
        }

        internal static List<AtlanPersona> Match(IReadOnlyList<AtlanPersona> all, string reference)
        {
            string wanted = reference.Trim();
            var byQualifiedName = all.Where(p => string.Equals(p.QualifiedName, wanted, StringComparison.Ordinal)).ToList();
            if (byQualifiedName.Count > 0)
            {
                return byQualifiedName;
            }

            var byName = all.Where(p => string.Equals(p.Name, wanted, StringComparison.Ordinal)).ToList();
            return byName.Count > 0 ? byName : all.Where(p => string.Equals(p.Name, wanted, StringComparison.OrdinalIgnoreCase)).ToList();
        }
    }
}
