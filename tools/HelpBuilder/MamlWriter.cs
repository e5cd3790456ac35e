using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;

namespace AtlanTokens.HelpBuilder
{
    /// <summary>Writes command help as MAML, the shape PlatyPS v1's New-ExternalHelp produces and Get-Help reads.</summary>
    internal static class MamlWriter
    {
        private const string Msh = "http://msh";
        private const string Maml = "http://schemas.microsoft.com/maml/2004/10";
        private const string Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private const string Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
        private const string MsHelp = "http://msdn.microsoft.com/mshelp";

        public static void Write(string path, IEnumerable<CommandHelp> commands)
        {
            var settings = new XmlWriterSettings
            {
                Indent = true,
                IndentChars = "  ",
                Encoding = new UTF8Encoding(false),
                NewLineChars = "\n",
            };
            using XmlWriter xml = XmlWriter.Create(path, settings);
            xml.WriteStartDocument();
            xml.WriteStartElement("helpItems", Msh);
            xml.WriteAttributeString("schema", "maml");
            foreach (CommandHelp command in commands)
            {
                WriteCommand(xml, command);
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        private static void WriteCommand(XmlWriter xml, CommandHelp help)
        {
            xml.WriteStartElement("command", "command", Command);
            xml.WriteAttributeString("xmlns", "maml", null, Maml);
            xml.WriteAttributeString("xmlns", "command", null, Command);
            xml.WriteAttributeString("xmlns", "dev", null, Dev);
            xml.WriteAttributeString("xmlns", "MSHelp", null, MsHelp);

            int dash = help.Name.IndexOf('-');
            xml.WriteStartElement("command", "details", Command);
            xml.WriteElementString("command", "name", Command, help.Name);
            xml.WriteElementString("command", "verb", Command, help.Name.Substring(0, dash));
            xml.WriteElementString("command", "noun", Command, help.Name.Substring(dash + 1));
            Description(xml, help.Synopsis);
            xml.WriteEndElement();

            Description(xml, help.Description);

            xml.WriteStartElement("command", "syntax", Command);
            foreach (SyntaxHelp set in help.Syntax)
            {
                xml.WriteStartElement("command", "syntaxItem", Command);
                xml.WriteElementString("maml", "name", Maml, help.Name);
                foreach (string name in set.ParameterOrder)
                {
                    ParameterHelp? parameter = help.Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
                    ParameterMetadata? meta = parameter?.For(set.SetName);
                    if (parameter != null && meta != null)
                    {
                        Parameter(xml, parameter, meta, inSyntax: true);
                    }
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();

            xml.WriteStartElement("command", "parameters", Command);
            foreach (ParameterHelp parameter in help.Parameters)
            {
                // PlatyPS merges a parameter's yaml blocks into one entry; the first block speaks for it.
                Parameter(xml, parameter, parameter.Metadata[0], inSyntax: false);
            }

            xml.WriteEndElement();

            Types(xml, "inputTypes", "inputType", help.Inputs);
            Types(xml, "returnValues", "returnValue", help.Outputs);

            xml.WriteStartElement("maml", "alertSet", Maml);
            xml.WriteStartElement("maml", "alert", Maml);
            Paras(xml, help.Notes);
            xml.WriteEndElement();
            xml.WriteEndElement();

            xml.WriteStartElement("command", "examples", Command);
            foreach (ExampleHelp example in help.Examples)
            {
                xml.WriteStartElement("command", "example", Command);
                xml.WriteElementString("maml", "title", Maml, PadTitle(example.Title));
                xml.WriteElementString("dev", "code", Dev, string.Join("\n\n", example.Code));
                xml.WriteStartElement("dev", "remarks", Dev);
                Paras(xml, example.Remarks);
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteEndElement();

            xml.WriteStartElement("command", "relatedLinks", Command);
            if (help.OnlineVersion != null)
            {
                Link(xml, "Online Version:", help.OnlineVersion);
            }

            foreach (LinkHelp link in help.RelatedLinks)
            {
                Link(xml, link.Text, link.Uri);
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        private static void Parameter(XmlWriter xml, ParameterHelp parameter, ParameterMetadata meta, bool inSyntax)
        {
            bool array = meta.Type.EndsWith("[]", StringComparison.Ordinal);
            xml.WriteStartElement("command", "parameter", Command);
            xml.WriteAttributeString("required", meta.Required ? "true" : "false");
            xml.WriteAttributeString("variableLength", array ? "true" : "false");
            xml.WriteAttributeString("globbing", meta.Globbing ? "true" : "false");
            xml.WriteAttributeString("pipelineInput", meta.PipelineInput);
            xml.WriteAttributeString("position", meta.Position);
            xml.WriteAttributeString("aliases", meta.Aliases.Count == 0 ? "none" : string.Join(", ", meta.Aliases));
            xml.WriteElementString("maml", "name", Maml, parameter.Name);
            Description(xml, parameter.Description);
            if (inSyntax && meta.AcceptedValues.Count > 0)
            {
                xml.WriteStartElement("command", "parameterValueGroup", Command);
                foreach (string value in meta.AcceptedValues)
                {
                    xml.WriteStartElement("command", "parameterValue", Command);
                    xml.WriteAttributeString("required", "false");
                    xml.WriteAttributeString("command", "variableLength", Command, "false");
                    xml.WriteString(value);
                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            }

            // A switch has no value: leaving parameterValue out is what makes Get-Help show [-Force] rather than [-Force <SwitchParameter>].
            if (!(inSyntax && meta.IsSwitch))
            {
                xml.WriteStartElement("command", "parameterValue", Command);
                xml.WriteAttributeString("required", meta.IsSwitch ? "false" : "true");
                xml.WriteAttributeString("variableLength", array ? "true" : "false");
                xml.WriteString(meta.Type);
                xml.WriteEndElement();
            }

            xml.WriteStartElement("dev", "type", Dev);
            xml.WriteElementString("maml", "name", Maml, meta.Type);
            xml.WriteElementString("maml", "uri", Maml, string.Empty);
            xml.WriteEndElement();
            xml.WriteElementString("dev", "defaultValue", Dev, meta.DefaultValue);
            xml.WriteEndElement();
        }

        private static void Types(XmlWriter xml, string listName, string itemName, List<TypeHelp> types)
        {
            xml.WriteStartElement("command", listName, Command);
            foreach (TypeHelp type in types)
            {
                xml.WriteStartElement("command", itemName, Command);
                xml.WriteStartElement("dev", "type", Dev);
                xml.WriteElementString("maml", "name", Maml, type.Name);
                xml.WriteEndElement();
                Description(xml, type.Description);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        private static void Link(XmlWriter xml, string text, string uri)
        {
            xml.WriteStartElement("maml", "navigationLink", Maml);
            xml.WriteElementString("maml", "linkText", Maml, text);
            xml.WriteElementString("maml", "uri", Maml, uri);
            xml.WriteEndElement();
        }

        private static void Description(XmlWriter xml, List<string> paragraphs)
        {
            xml.WriteStartElement("maml", "description", Maml);
            Paras(xml, paragraphs);
            xml.WriteEndElement();
        }

        private static void Paras(XmlWriter xml, List<string> paragraphs)
        {
            foreach (string paragraph in paragraphs)
            {
                xml.WriteElementString("maml", "para", Maml, paragraph);
            }
        }

        /// <summary>Classic MAML example titles are framed in dashes; Get-Help prints them as they are.</summary>
        private static string PadTitle(string title)
        {
            int pad = Math.Max(2, (64 - title.Length - 2) / 2);
            string dashes = new string('-', pad);
            return $"{dashes} {title} {dashes}";
        }

        public static string Validate(string path)
        {
            var document = new XmlDocument();
            document.Load(path);
            return document.DocumentElement?.LocalName ?? string.Empty;
        }
    }
}
