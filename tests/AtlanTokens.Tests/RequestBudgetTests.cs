using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using AtlanTokens.Client;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>The request budget: shared per tenant and key, paced, halved and paused on 429, time-based 429 retries.</summary>
    public class RequestBudgetTests
    {
        private static readonly Uri Tenant = new Uri("https://budget.example.com/");

        private static AtlanClient Client(FakeClock clock, HttpMessageHandler handler, string key = "budget-key", int? perMinute = 600, int maxRetries = 2)
            => new AtlanClient(
                Tenant,
                SecretText.FromString(key),
                new AtlanClientOptions
                {
                    Clock = clock,
                    MaxRetries = maxRetries,
                    RequestsPerMinute = perMinute,
                    RetryBaseDelay = TimeSpan.FromMilliseconds(1),
                    MaxRetryDelay = TimeSpan.FromMilliseconds(5),
                },
                handler);

        private static RecordingHandler Users(RecordingHandler handler, int count)
        {
            for (int i = 0; i < count; i++)
            {
                handler.Answer(HttpStatusCode.OK, """{"username":"u"}""");
            }

            return handler;
        }

        private static RecordingHandler RateLimited(RecordingHandler handler, int count, TimeSpan? retryAfter = null)
        {
            for (int i = 0; i < count; i++)
            {
                handler.Answer((HttpStatusCode)429, """{"errorMessage":"Too many requests"}""", configure: r =>
                {
                    if (retryAfter.HasValue)
                    {
                        r.Headers.RetryAfter = new RetryConditionHeaderValue(retryAfter.Value);
                    }
                });
            }

            return handler;
        }

        [Fact]
        public void Sessions_on_one_tenant_and_key_share_one_budget_and_another_key_has_its_own()
        {
            var clock = new FakeClock();
            using AtlanClient first = Client(clock, new RecordingHandler(), perMinute: 300);
            using AtlanClient second = Client(clock, new RecordingHandler(), perMinute: null);
            using AtlanClient otherKey = Client(clock, new RecordingHandler(), key: "another-key", perMinute: null);
            Assert.Same(first.Budget, second.Budget);
            Assert.Equal(300, second.Budget.ConfiguredPerMinute); // a session that sets no rate keeps the shared one
            Assert.NotSame(first.Budget, otherKey.Budget);
            Assert.Equal(RequestBudget.DefaultRequestsPerMinute, new RequestBudget("t", RequestBudget.DefaultRequestsPerMinute, clock).ConfiguredPerMinute);
        }

        [Fact]
        public void A_later_explicit_rate_sets_the_shared_budget()
        {
            var clock = new FakeClock();
            using AtlanClient first = Client(clock, new RecordingHandler(), perMinute: 300);
            using AtlanClient second = Client(clock, new RecordingHandler(), perMinute: 120);
            Assert.Equal(120, first.Budget.ConfiguredPerMinute);
        }

        [Fact]
        public void The_default_rate_is_under_the_faq_figure()
            => Assert.InRange(RequestBudget.DefaultRequestsPerMinute, 1, 999);

        [Fact]
        public async Task Requests_of_two_sessions_take_turns_at_the_shared_rate()
        {
            var clock = new FakeClock();
            using AtlanClient a = Client(clock, Users(new RecordingHandler(), 3), perMinute: 60);
            using AtlanClient b = Client(clock, Users(new RecordingHandler(), 3), perMinute: null);
            for (int i = 0; i < 3; i++)
            {
                await new UsersEndpoint(a).GetCurrentAsync(NullAtlanLog.Instance, default);
                await new UsersEndpoint(b).GetCurrentAsync(NullAtlanLog.Instance, default);
            }

            // Six requests at one a second through one budget: five intervals (the first one shortened by the
            // budget's small tolerance), never more than one at a time.
            Assert.Equal(TimeSpan.FromSeconds(5) - RequestBudget.Tolerance, clock.Elapsed);
            Assert.All(clock.Delays.Where(d => d > TimeSpan.Zero), d => Assert.InRange(d, TimeSpan.FromSeconds(1) - RequestBudget.Tolerance, TimeSpan.FromSeconds(1)));
        }

        [Fact]
        public async Task A_429_halves_the_rate_and_pauses_the_whole_budget_and_a_straggler_does_not_halve_again()
        {
            var clock = new FakeClock { AutoAdvance = false };
            var budget = new RequestBudget("https://t", 600, clock);
            TimeSpan early = await budget.AcquireAsync(NullAtlanLog.Instance, default);
            clock.Advance(TimeSpan.FromSeconds(1));
            TimeSpan later = await budget.AcquireAsync(NullAtlanLog.Instance, default);
            var log = new ListLog();
            budget.OnRateLimited(later, null, log);
            Assert.Equal(300, budget.CurrentPerMinute);
            Assert.Equal(budget.BasePause, budget.PausedFor);
            Assert.Contains(log.Lines, l => l.Contains("429") && l.Contains("pauses"));

            budget.OnRateLimited(early, null, NullAtlanLog.Instance); // sent before the fall: already accounted for
            Assert.Equal(300, budget.CurrentPerMinute);

            Task<TimeSpan> waiting = budget.AcquireAsync(NullAtlanLog.Instance, default);
            Assert.False(waiting.IsCompleted); // every caller waits for the pause, not only the one that got the 429
            clock.Advance(budget.BasePause);
            await waiting;
        }

        [Fact]
        public async Task Requests_that_meet_at_one_instant_at_a_high_rate_do_not_wait()
        {
            var clock = new FakeClock();
            var budget = new RequestBudget("https://t", 1_000_000, clock);
            for (int i = 0; i < 100; i++)
            {
                await budget.AcquireAsync(NullAtlanLog.Instance, default);
            }

            Assert.Empty(clock.Delays); // a test on a fake clock sees no pacing delays between its own
        }

        [Fact]
        public void Consecutive_429s_double_the_pause_and_retry_after_wins()
        {
            var clock = new FakeClock { AutoAdvance = false };
            var budget = new RequestBudget("https://t", 600, clock);
            budget.OnRateLimited(clock.Monotonic, null, NullAtlanLog.Instance);
            clock.Advance(TimeSpan.FromSeconds(1));
            budget.OnRateLimited(clock.Monotonic, null, NullAtlanLog.Instance);
            Assert.Equal(TimeSpan.FromSeconds(2), budget.PausedFor);
            Assert.Equal(150, budget.CurrentPerMinute);
            clock.Advance(TimeSpan.FromSeconds(2));
            budget.OnRateLimited(clock.Monotonic, TimeSpan.FromSeconds(7), NullAtlanLog.Instance);
            Assert.Equal(TimeSpan.FromSeconds(7), budget.PausedFor);
        }

        [Fact]
        public void A_retry_after_on_another_answer_pauses_the_whole_budget_without_halving()
        {
            var clock = new FakeClock { AutoAdvance = false };
            var budget = new RequestBudget("https://t", 600, clock);
            budget.OnRetryAfter(TimeSpan.FromSeconds(4), NullAtlanLog.Instance);
            Assert.Equal(TimeSpan.FromSeconds(4), budget.PausedFor);
            Assert.Equal(600, budget.CurrentPerMinute);
        }

        [Fact]
        public void The_rate_climbs_back_additively_after_the_pause()
        {
            var clock = new FakeClock { AutoAdvance = false };
            var budget = new RequestBudget("https://t", 600, clock);
            budget.OnRateLimited(clock.Monotonic, TimeSpan.FromSeconds(1), NullAtlanLog.Instance);
            Assert.Equal(300, budget.CurrentPerMinute);
            clock.Advance(TimeSpan.FromSeconds(1)); // the pause
            clock.Advance(TimeSpan.FromSeconds(5));
            Assert.Equal(450, budget.CurrentPerMinute); // 5 % of 600 a second
            clock.Advance(TimeSpan.FromSeconds(60));
            Assert.Equal(600, budget.CurrentPerMinute);
        }

        [Fact]
        public async Task A_429_is_retried_for_time_not_for_a_count()
        {
            var clock = new FakeClock();
            var handler = Users(RateLimited(new RecordingHandler(), 6), 1);
            using AtlanClient client = Client(clock, handler, maxRetries: 2);
            CurrentUser user = await new UsersEndpoint(client).GetCurrentAsync(NullAtlanLog.Instance, default);
            Assert.Equal("u", user.Username);
            Assert.Equal(7, handler.Requests.Count); // far more than MaxRetries: a 429 applied nothing
        }

        [Fact]
        public async Task A_call_waits_out_more_than_a_minute_of_429s_before_giving_up_with_the_429()
        {
            var clock = new FakeClock();
            var handler = RateLimited(new RecordingHandler(), 500);
            using AtlanClient client = Client(clock, handler, maxRetries: 0);
            var e = await Assert.ThrowsAsync<AtlanApiException>(() => new UsersEndpoint(client).GetCurrentAsync(NullAtlanLog.Instance, default));
            Assert.Equal(429, e.StatusCode);
            Assert.True(clock.Elapsed > TimeSpan.FromSeconds(60), $"gave up after {clock.Elapsed}");
            Assert.True(clock.Elapsed >= client.Options.RateLimitPatience);
            Assert.InRange(handler.Requests.Count, 3, 30); // it waited in the budget's pauses, not by hammering the tenant
        }

        [Fact]
        public async Task Other_failures_keep_their_count()
        {
            var clock = new FakeClock();
            var handler = new RecordingHandler();
            for (int i = 0; i < 5; i++)
            {
                handler.Answer(HttpStatusCode.BadGateway, "");
            }

            using AtlanClient client = Client(clock, handler, maxRetries: 2);
            var e = await Assert.ThrowsAsync<AtlanApiException>(() => new UsersEndpoint(client).GetCurrentAsync(NullAtlanLog.Instance, default));
            Assert.Equal(502, e.StatusCode);
            Assert.Equal(3, handler.Requests.Count);
        }

        [Fact]
        public async Task Waiting_for_a_turn_does_not_use_up_the_calls_total_time()
        {
            var clock = new FakeClock();
            using AtlanClient client = new AtlanClient(
                Tenant,
                SecretText.FromString("slow-budget-key"),
                new AtlanClientOptions { Clock = clock, RequestsPerMinute = 1, RequestTimeout = TimeSpan.FromSeconds(10) },
                Users(new RecordingHandler(), 5));
            for (int i = 0; i < 5; i++)
            {
                await new UsersEndpoint(client).GetCurrentAsync(NullAtlanLog.Instance, default); // a minute apart, each within a 30 s total
            }

            Assert.Equal(TimeSpan.FromMinutes(4) - RequestBudget.Tolerance, clock.Elapsed);
        }

        private sealed class ListLog : IAtlanLog
        {
            public List<string> Lines { get; } = new();

            public void Verbose(string message) => Lines.Add(message);

            public void Debug(string message) => Lines.Add(message);

            public void Warning(string message) => Lines.Add(message);
        }
    }
}
