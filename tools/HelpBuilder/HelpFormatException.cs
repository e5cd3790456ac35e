using System;
using System.Collections.Generic;

namespace AtlanTokens.HelpBuilder
{
    /// <summary>A docs page that does not follow the PlatyPS v1 schema; carries every problem found, with file and line.</summary>
    internal sealed class HelpFormatException : Exception
    {
        public HelpFormatException(string file, IReadOnlyList<string> problems)
            : base($"{file}: {problems.Count} problem(s):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems))
        {
            File = file;
            Problems = problems;
        }

        public string File { get; }

        public IReadOnlyList<string> Problems { get; }
    }
}
