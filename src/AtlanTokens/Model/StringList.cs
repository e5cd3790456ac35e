using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace AtlanTokens.Model
{
    /// <summary>
    /// A read-only list of names (users, groups, permissions). It prints as "A; B", so Export-Csv and string output
    /// stay readable, while -contains, foreach and ConvertTo-Json see the single names.
    /// </summary>
    public sealed class StringList : ReadOnlyCollection<string>
    {
        public static readonly StringList Empty = new StringList(Array.Empty<string>());

        public StringList(IList<string> items)
            : base(items)
        {
        }

        public static implicit operator StringList(string[]? items) => items == null || items.Length == 0 ? Empty : new StringList(items);

        public override string ToString() => string.Join("; ", this);
    }
}
