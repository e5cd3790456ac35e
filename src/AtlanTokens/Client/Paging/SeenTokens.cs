using System;
using System.Collections.Generic;

namespace AtlanTokens.Client
{
    /// <summary>
    /// The GUIDs of the tokens a listing has handed out, kept compactly (16 bytes each for real GUIDs) so a listing of
    /// 100,000 tokens can still skip every token it has already written.
    /// </summary>
    internal sealed class SeenTokens
    {
        private readonly HashSet<Guid> _guids = new HashSet<Guid>();
        private readonly HashSet<string> _others = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        public int Count => _guids.Count + _others.Count;

        public bool Contains(string id) => Guid.TryParse(id, out Guid guid) ? _guids.Contains(guid) : _others.Contains(id);

        /// <summary>True when the id was not seen before.</summary>
        public bool Add(string id) => Guid.TryParse(id, out Guid guid) ? _guids.Add(guid) : _others.Add(id);
    }
}
