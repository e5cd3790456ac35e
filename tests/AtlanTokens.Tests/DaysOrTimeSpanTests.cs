using System;
using AtlanTokens.Cmdlets;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>Issue 18: -ExpiringWithin 30 means 30 days (PowerShell's own conversion would make it 30 ticks).</summary>
    public class DaysOrTimeSpanTests
    {
        [Fact]
        public void Numbers_are_days()
        {
            Assert.Equal(TimeSpan.FromDays(30), DaysOrTimeSpanTransformationAttribute.Days(30));
            Assert.Equal(TimeSpan.FromDays(30), DaysOrTimeSpanTransformationAttribute.Days(30L));
            Assert.Equal(TimeSpan.FromHours(12), DaysOrTimeSpanTransformationAttribute.Days(0.5));
            Assert.Equal(TimeSpan.FromHours(36), DaysOrTimeSpanTransformationAttribute.Days(1.5m));
            Assert.Equal(TimeSpan.Zero, DaysOrTimeSpanTransformationAttribute.Days(0));
        }

        [Fact]
        public void TimeSpans_and_text_are_left_to_PowerShell()
        {
            Assert.Null(DaysOrTimeSpanTransformationAttribute.Days(TimeSpan.FromDays(3)));
            Assert.Null(DaysOrTimeSpanTransformationAttribute.Days("30"));
            Assert.Null(DaysOrTimeSpanTransformationAttribute.Days(null));
        }

        [Fact]
        public void A_number_too_large_for_a_TimeSpan_is_an_argument_error()
        {
            Assert.Throws<System.Management.Automation.ArgumentTransformationMetadataException>(() => DaysOrTimeSpanTransformationAttribute.Days(1e12));
            Assert.Throws<System.Management.Automation.ArgumentTransformationMetadataException>(() => DaysOrTimeSpanTransformationAttribute.Days(double.NaN));
        }
    }
}
