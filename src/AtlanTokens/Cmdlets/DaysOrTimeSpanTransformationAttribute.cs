using System;
using System.Management.Automation;

namespace AtlanTokens.Cmdlets
{
    /// <summary>
    /// Lets a TimeSpan parameter take a number of days: -ExpiringWithin 30 means 30 days, not the 30 ticks PowerShell's
    /// own number-to-TimeSpan conversion makes of it. TimeSpans and text ("30", "30.00:00:00") convert as usual.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class DaysOrTimeSpanTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
            => Days(inputData is PSObject wrapped ? wrapped.BaseObject : inputData) ?? inputData;

        /// <summary>A number as that many days; null for anything else (left to PowerShell's conversion).</summary>
        internal static TimeSpan? Days(object? value)
        {
            double? days = value switch
            {
                int i => i,
                long l => l,
                short s => s,
                byte b => b,
                double d => d,
                float f => f,
                decimal m => (double)m,
                _ => null,
            };
            if (days is double count && (double.IsNaN(count) || double.IsInfinity(count) || Math.Abs(count) > TimeSpan.MaxValue.TotalDays))
            {
                throw new ArgumentTransformationMetadataException($"{value} is not a number of days a TimeSpan can hold.");
            }

            return days.HasValue ? TimeSpan.FromTicks((long)Math.Round(days.Value * TimeSpan.TicksPerDay)) : (TimeSpan?)null;
        }
    }
}
