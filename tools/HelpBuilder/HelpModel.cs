using System.Collections.Generic;

namespace AtlanTokens.HelpBuilder
{
    /// <summary>One cmdlet's help, as read from a PlatyPS v1 markdown page.</summary>
    internal sealed class CommandHelp
    {
        public string Name { get; set; } = string.Empty;

        public string? OnlineVersion { get; set; }

        public List<string> Synopsis { get; } = new List<string>();

        public List<string> Description { get; } = new List<string>();

        public List<SyntaxHelp> Syntax { get; } = new List<SyntaxHelp>();

        public List<ExampleHelp> Examples { get; } = new List<ExampleHelp>();

        public List<ParameterHelp> Parameters { get; } = new List<ParameterHelp>();

        public List<TypeHelp> Inputs { get; } = new List<TypeHelp>();

        public List<TypeHelp> Outputs { get; } = new List<TypeHelp>();

        public List<string> Notes { get; } = new List<string>();

        public List<LinkHelp> RelatedLinks { get; } = new List<LinkHelp>();
    }

    /// <summary>One parameter set: its name and the parameters in the order the syntax block lists them.</summary>
    internal sealed class SyntaxHelp
    {
        public const string AllParameterSets = "__AllParameterSets";

        public string SetName { get; set; } = AllParameterSets;

        public bool IsDefault { get; set; }

        public List<string> ParameterOrder { get; } = new List<string>();
    }

    internal sealed class ExampleHelp
    {
        public string Title { get; set; } = string.Empty;

        public List<string> Code { get; } = new List<string>();

        public List<string> Remarks { get; } = new List<string>();
    }

    internal sealed class ParameterHelp
    {
        public string Name { get; set; } = string.Empty;

        public List<string> Description { get; } = new List<string>();

        /// <summary>One entry per yaml block: PlatyPS writes several when a parameter differs between sets.</summary>
        public List<ParameterMetadata> Metadata { get; } = new List<ParameterMetadata>();

        public int Line { get; set; }

        public ParameterMetadata? For(string setName)
        {
            foreach (ParameterMetadata meta in Metadata)
            {
                if (meta.AppliesTo(setName))
                {
                    return meta;
                }
            }

            return null;
        }
    }

    internal sealed class ParameterMetadata
    {
        public string Type { get; set; } = string.Empty;

        /// <summary>Empty means (All).</summary>
        public List<string> ParameterSets { get; } = new List<string>();

        public List<string> Aliases { get; } = new List<string>();

        public List<string> AcceptedValues { get; } = new List<string>();

        public bool Required { get; set; }

        /// <summary>A number, or "named".</summary>
        public string Position { get; set; } = "named";

        public string DefaultValue { get; set; } = "None";

        public string PipelineInput { get; set; } = "False";

        public bool Globbing { get; set; }

        public bool IsSwitch => Type == "SwitchParameter" || Type == "System.Management.Automation.SwitchParameter";

        public bool AppliesTo(string setName)
            => ParameterSets.Count == 0 || setName == SyntaxHelp.AllParameterSets || ParameterSets.Contains(setName);
    }

    internal sealed class TypeHelp
    {
        public string Name { get; set; } = string.Empty;

        public List<string> Description { get; } = new List<string>();
    }

    internal sealed class LinkHelp
    {
        public string Text { get; set; } = string.Empty;

        public string Uri { get; set; } = string.Empty;
    }
}
