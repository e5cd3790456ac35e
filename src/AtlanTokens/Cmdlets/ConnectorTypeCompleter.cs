using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using AtlanTokens.Session;

namespace AtlanTokens.Cmdlets
{
    /// <summary>Tab completion of connector types: those of the tenant's cached connections first, then common Atlan connectors.</summary>
    public sealed class ConnectorTypeCompleter : IArgumentCompleter
    {
        internal static readonly string[] Common =
        {
            "snowflake", "bigquery", "redshift", "databricks", "postgres", "mysql", "oracle", "mssql", "synapse", "athena",
            "glue", "hive", "presto", "trino", "teradata", "sap-hana", "tableau", "powerbi", "looker", "sigma", "mode",
            "metabase", "qlik-sense", "dbt", "airflow", "fivetran", "kafka", "s3", "salesforce", "mongodb",
        };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            bool asPattern = CompletionSupport.TakesWildcards(commandName, parameterName);
            AtlanSession? session = CompletionSupport.SessionOf(fakeBoundParameters);
            string? name = fakeBoundParameters?["Name"] as string;
            var onTenant = (session?.AssetDirectory.CachedConnections ?? Array.Empty<Model.AtlanConnection>())
                .Where(c => c.ConnectorType != null && (name == null || string.Equals(c.Name, name, StringComparison.Ordinal)))
                .Select(c => c.ConnectorType!)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .OrderBy(t => t, StringComparer.OrdinalIgnoreCase)
                .ToList();
            WildcardPattern pattern = CompletionSupport.PatternFor(wordToComplete);
            return onTenant
                .Select(t => (Type: t, Tip: $"{t} (on this tenant)"))
                .Concat(Common.Where(t => !onTenant.Contains(t, StringComparer.OrdinalIgnoreCase)).Select(t => (Type: t, Tip: t)))
                .Where(t => pattern.IsMatch(t.Type))
                .Select(t => CompletionSupport.Result(t.Type, t.Tip, asPattern))
                .OfType<CompletionResult>()
                .ToList();
        }
    }
}
