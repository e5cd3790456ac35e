using System;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace AtlanTokens.Tests
{
    public class FakeClockTests
    {
        [Fact]
        public async Task A_delay_moves_the_clock_and_runs_what_was_due()
        {
            var clock = new FakeClock();
            bool committed = false;
            clock.At(TimeSpan.FromSeconds(10), () => committed = true);

            await clock.DelayAsync(TimeSpan.FromSeconds(4), CancellationToken.None);
            Assert.False(committed);
            await clock.DelayAsync(TimeSpan.FromSeconds(6), CancellationToken.None);

            Assert.True(committed);
            Assert.Equal(TimeSpan.FromSeconds(10), clock.Elapsed);
            Assert.Equal(clock.Start.AddSeconds(10), clock.UtcNow);
        }

        [Fact]
        public async Task Without_auto_advance_a_delay_waits_for_Advance()
        {
            var clock = new FakeClock { AutoAdvance = false };
            Task sleeping = clock.DelayAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
            clock.Advance(TimeSpan.FromSeconds(1));
            Assert.False(sleeping.IsCompleted);
            clock.Advance(TimeSpan.FromSeconds(1));
            await sleeping;
            Assert.Equal(TimeSpan.FromSeconds(2), clock.Elapsed);
        }
    }
}
