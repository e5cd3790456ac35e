using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AtlanTokens.Model;

namespace AtlanTokens.Cmdlets
{
    /// <summary>Lets -Persona take persona objects (Get-AtlanPersona, a token's Personas) as well as names.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class PersonaReferenceTransformationAttribute : ArgumentTransformationAttribute
    {
        /// <summary>Also split text joined as "A; B" (how a token's Personas look in Export-Csv) into its names.</summary>
        public bool SplitJoinedText { get; set; }

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value is string text && SplitJoinedText)
            {
                return text.Split(';').Select(n => n.Trim()).Where(n => n.Length > 0).ToArray();
            }

            if (value == null || value is string)
            {
                return inputData;
            }

            if (value is IEnumerable items && !(value is IDictionary))
            {
                var references = new List<object?>();
                foreach (object? item in items)
                {
                    references.Add(ToReference(item));
                }

                return references.ToArray();
            }

            return ToReference(value);
        }

        private static object? ToReference(object? item)
        {
            object? value = item is PSObject wrapped ? wrapped.BaseObject : item;
            switch (value)
            {
                case AtlanPersona persona:
                    return persona.QualifiedName;
                case ApiTokenPersona linked:
                    return linked.QualifiedName;
                default:
                    return item;
            }
        }
    }
}
