using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Operations;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>
    /// Issue 16 and issue 15 item 4: "create without duplicates" through its recovery paths on a fake clock (each test
    /// covers up to 40 s of the engine's time in milliseconds). A late copy is removed only on evidence that it is the
    /// call's own; another writer's token of the same name is reported and never deleted.
    /// </summary>
    public sealed class ApiTokenCreationTests
    {
        private const string Name = "ci-deploy";

        private readonly FakeClock _clock = new();
        private readonly FakeTokenTenant _tenant;
        private readonly TestLog _log = new();

        public ApiTokenCreationTests()
        {
            _tenant = new FakeTokenTenant(_clock);
        }

        private ApiTokenCreation Creation(TimeSpan? settle = null)
        {
            var options = new AtlanClientOptions
            {
                Clock = _clock,
                MaxRetries = 2,
                RetryBaseDelay = TimeSpan.FromMilliseconds(100),
                RequestTimeout = TimeSpan.FromSeconds(10),
                CreateSettleTime = settle ?? TimeSpan.FromSeconds(AtlanClientOptions.DefaultCreateSettleSeconds),
            };
            var client = new AtlanClient(new Uri("https://tenant.example.com/"), SecretText.FromString(TestClients.ApiKey), options, _tenant);
            return new ApiTokenCreation(new ApiTokensEndpoint(client), FakeTokenTenant.Admin, options);
        }

        private static ApiTokenCreateRequest Request() => new(Name, "deploys", new[] { "default/stewards" }, 86400) { ExistingGuids = Array.Empty<string>() };

        private static FakeToken SameAsSent() => new() { DisplayName = Name, Description = "deploys", Personas = { "default/stewards" }, ValiditySeconds = 86400 };

        [Fact]
        public async Task Without_a_fault_the_token_is_delivered_with_nothing_to_watch()
        {
            ApiTokenCreated created = await Creation().CreateDeliveringAsync(Request(), _log, default);

            Assert.Null(created.Watch);
            Assert.NotNull(created.Token.AccessToken);
            Assert.Equal(TimeSpan.Zero, _clock.Elapsed);
            Assert.Equal(new[] { "POST /api/service/apikeys" }, _tenant.Requests);
        }

        [Fact]
        public async Task Late_commit_at_0s_a_lost_answer_is_reported_as_secret_lost_and_nothing_is_created_again()
        {
            _tenant.LoseNextAnswer(TimeSpan.Zero);

            var e = await Assert.ThrowsAsync<ApiTokenCreateException>(() => Creation().CreateAsync(Request(), _log, default));

            Assert.Equal(ApiTokenCreateException.SecretLostId, e.ErrorId);
            Assert.Equal(_tenant.Named(Name).Single().Guid, e.TokenGuid);
            Assert.Equal(1, _tenant.Creates);
            Assert.Empty(_tenant.Deleted);
        }

        [Theory]
        [InlineData(2)]
        [InlineData(10)]
        [InlineData(29)]
        public async Task Late_commit_within_the_settle_time_is_delivered_first_then_found_and_removed(int commitAfterSeconds)
        {
            _tenant.LoseNextAnswer(TimeSpan.FromSeconds(commitAfterSeconds));
            ApiTokenCreation creation = Creation();

            ApiTokenCreated created = await creation.CreateDeliveringAsync(Request(), _log, default);
            TimeSpan deliveredAt = _clock.Elapsed;
            await created.WatchAsync(_log, default);

            Assert.True(deliveredAt <= TimeSpan.FromSeconds(3), $"the token was delivered at {deliveredAt}, after the first check only, not after the settle time");
            FakeToken kept = _tenant.Named(Name).Single();
            Assert.Equal(created.Token.Guid, kept.Guid);
            string lateCopy = Assert.Single(_tenant.Deleted);
            Assert.NotEqual(created.Token.Guid, lateCopy);
            Assert.Equal(2, _tenant.Creates);
            Assert.Contains(_log.Warnings, w => w.Contains(lateCopy) && w.Contains("it was removed"));
            Assert.True(_clock.Elapsed < TimeSpan.FromSeconds(commitAfterSeconds + 5), $"the watch ended at {_clock.Elapsed}, not soon after the copy was removed");
        }

        [Fact]
        public async Task Late_commit_at_40s_is_past_the_settle_time_the_watch_ends_at_30s_after_the_lost_attempt_was_sent()
        {
            _tenant.LoseNextAnswer(TimeSpan.FromSeconds(40));

            ApiToken token = await Creation().CreateAsync(Request(), _log, default);

            Assert.Equal(TimeSpan.FromSeconds(30), _clock.Elapsed);
            Assert.Equal(token.Guid, _tenant.Named(Name).Single().Guid);
            Assert.Empty(_tenant.Deleted);
        }

        [Fact]
        public async Task The_settle_time_is_a_setting()
        {
            _tenant.LoseNextAnswer(null);

            await Creation(TimeSpan.FromSeconds(2)).CreateAsync(Request(), _log, default);

            Assert.Equal(TimeSpan.FromSeconds(2), _clock.Elapsed);
            Assert.Single(_tenant.Named(Name));
        }

        [Fact]
        public async Task A_refused_create_is_not_a_lost_attempt_nothing_is_looked_up_or_watched()
        {
            _tenant.FailNextCreate(HttpStatusCode.BadRequest);

            await Assert.ThrowsAsync<AtlanApiException>(() => Creation().CreateAsync(Request(), _log, default));

            Assert.Equal(new[] { "POST /api/service/apikeys" }, _tenant.Requests);
            Assert.Equal(TimeSpan.Zero, _clock.Elapsed);
        }

        [Fact]
        public async Task A_500_on_create_is_checked_then_made_again_once()
        {
            _tenant.FailNextCreate(HttpStatusCode.InternalServerError);

            ApiToken token = await Creation().CreateAsync(Request(), _log, default);

            Assert.Equal(token.Guid, _tenant.Named(Name).Single().Guid);
            Assert.Equal(2, _tenant.Creates);
            Assert.Empty(_tenant.Deleted);
        }

        [Fact]
        public async Task A_failed_check_after_a_lost_answer_is_outcome_unknown_and_nothing_is_created_again()
        {
            _tenant.LoseNextAnswer(null);
            _tenant.FailLookupsWith = HttpStatusCode.InternalServerError;

            var e = await Assert.ThrowsAsync<ApiTokenCreateException>(() => Creation().CreateAsync(Request(), _log, default));

            Assert.Equal(ApiTokenCreateException.OutcomeUnknownId, e.ErrorId);
            Assert.Equal(1, _tenant.Creates);
        }

        [Fact]
        public async Task A_failed_look_during_the_watch_ends_it_with_a_warning_and_deletes_nothing()
        {
            _tenant.LoseNextAnswer(TimeSpan.FromSeconds(10));
            ApiTokenCreated created = await Creation().CreateDeliveringAsync(Request(), _log, default);
            _tenant.FailLookupsWith = HttpStatusCode.InternalServerError;

            await created.WatchAsync(_log, default);

            Assert.Empty(_tenant.Deleted);
            Assert.Contains(_log.Warnings, w => w.Contains("checking for a late copy") && w.Contains("Get-AtlanApiToken -Name ci-deploy"));
        }

        [Fact]
        public async Task Three_lost_attempts_end_with_the_last_failure_and_no_token()
        {
            _tenant.LoseNextAnswer(null).LoseNextAnswer(null).LoseNextAnswer(null);

            await Assert.ThrowsAsync<AtlanTransportException>(() => Creation().CreateAsync(Request(), _log, default));

            Assert.Equal(ApiTokenCreation.MaxAttempts, _tenant.Creates);
            Assert.Empty(_tenant.Named(Name));
        }

        [Fact]
        public async Task A_stopped_job_cancels_the_watch_after_delivery_and_deletes_nothing()
        {
            _tenant.LoseNextAnswer(TimeSpan.FromSeconds(10));
            using var stop = new CancellationTokenSource();
            ApiTokenCreated created = await Creation().CreateDeliveringAsync(Request(), _log, stop.Token);
            _clock.At(TimeSpan.FromSeconds(5), stop.Cancel);

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => created.WatchAsync(_log, stop.Token));

            Assert.NotNull(created.Token.AccessToken);
            Assert.Empty(_tenant.Deleted);
            Assert.True(_clock.Elapsed < TimeSpan.FromSeconds(10));
        }

        [Fact]
        public async Task Another_writers_token_with_another_description_is_never_deleted_and_is_reported_with_a_command()
        {
            _tenant.LoseNextAnswer(null);
            FakeToken other = SameAsSent();
            other.Description = "the other writer's";
            _tenant.AddOther(other, at: TimeSpan.FromSeconds(6));

            ApiToken token = await Creation().CreateAsync(Request(), _log, default);

            Assert.Empty(_tenant.Deleted);
            Assert.Equal(2, _tenant.Named(Name).Length);
            string warning = Assert.Single(_log.Warnings, w => w.Contains(other.Guid!));
            Assert.Contains("description differs", warning);
            Assert.Contains($"Remove-AtlanApiToken -Guid {other.Guid} -Force", warning);
            Assert.Contains(token.Guid, warning);
            Assert.Equal(TimeSpan.FromSeconds(30), _clock.Elapsed);
        }

        [Fact]
        public async Task A_token_created_by_another_user_is_never_deleted()
        {
            _tenant.LoseNextAnswer(null);
            FakeToken other = SameAsSent();
            other.CreatedBy = "service-account-apikey-someone-else";
            _tenant.AddOther(other, at: TimeSpan.FromSeconds(6));

            await Creation().CreateAsync(Request(), _log, default);

            Assert.Empty(_tenant.Deleted);
            Assert.Contains(_log.Warnings, w => w.Contains(other.Guid!) && w.Contains("created by service-account-apikey-someone-else"));
        }

        [Fact]
        public async Task A_token_stamped_outside_the_calls_window_is_never_deleted()
        {
            _tenant.LoseNextAnswer(null);
            FakeToken other = SameAsSent();
            other.CreatedAt = _clock.Start - TimeSpan.FromMinutes(10); // appears now in the listing, but was made long before this call
            _tenant.AddOther(other, at: TimeSpan.FromSeconds(6));

            await Creation().CreateAsync(Request(), _log, default);

            Assert.Empty(_tenant.Deleted);
            Assert.Contains(_log.Warnings, w => w.Contains(other.Guid!) && w.Contains("outside this call's window"));
        }

        [Fact]
        public async Task A_token_with_other_personas_or_validity_is_never_deleted()
        {
            _tenant.LoseNextAnswer(null).LoseNextAnswer(null);
            FakeToken personas = SameAsSent();
            personas.Personas = new() { "default/other" };
            FakeToken validity = SameAsSent();
            validity.ValiditySeconds = 3600;
            _tenant.AddOther(personas, at: TimeSpan.FromSeconds(8));
            _tenant.AddOther(validity, at: TimeSpan.FromSeconds(9));

            await Creation().CreateAsync(Request(), _log, default);

            Assert.Empty(_tenant.Deleted);
            Assert.Contains(_log.Warnings, w => w.Contains(personas.Guid!) && w.Contains("personas differ"));
            Assert.Contains(_log.Warnings, w => w.Contains(validity.Guid!) && w.Contains("validity differs"));
        }

        [Fact]
        public async Task A_tenant_clock_minutes_ahead_still_shows_the_late_copy_as_the_calls_own()
        {
            _tenant.Skew = TimeSpan.FromMinutes(7);
            _tenant.LoseNextAnswer(TimeSpan.FromSeconds(10));

            ApiToken token = await Creation().CreateAsync(Request(), _log, default);

            Assert.Single(_tenant.Deleted);
            Assert.Equal(token.Guid, _tenant.Named(Name).Single().Guid);
        }

        [Fact]
        public async Task More_matching_copies_than_lost_attempts_are_all_reported_and_none_deleted()
        {
            _tenant.LoseNextAnswer(TimeSpan.FromSeconds(5));
            _tenant.AddOther(SameAsSent(), at: TimeSpan.FromSeconds(5)); // identical, same user, same moment: cannot be told apart

            await Creation().CreateAsync(Request(), _log, default);

            Assert.Empty(_tenant.Deleted);
            Assert.Equal(3, _tenant.Named(Name).Length);
            Assert.Contains(_log.Warnings, w => w.Contains("more than the lost attempts could have made"));
        }

        [Fact]
        public async Task Another_writers_token_appearing_during_the_first_check_is_not_taken_for_the_lost_one()
        {
            _tenant.LoseNextAnswer(null);
            FakeToken other = SameAsSent();
            other.Description = "made by hand";
            _tenant.AddOther(other, at: TimeSpan.FromMilliseconds(300));

            ApiToken token = await Creation().CreateAsync(Request(), _log, default);

            Assert.NotNull(token.AccessToken);
            Assert.Equal(2, _tenant.Creates);
            Assert.Empty(_tenant.Deleted);
            Assert.Contains(_log.Warnings, w => w.Contains(other.Guid!) && w.Contains("not taken for this call's own"));
        }

        [Fact]
        public async Task A_pre_existing_token_of_the_name_is_neither_the_lost_one_nor_a_late_copy()
        {
            FakeToken before = _tenant.Commit(SameAsSent());
            _tenant.LoseNextAnswer(null);
            ApiTokenCreateRequest request = Request();
            request.ExistingGuids = new[] { before.Guid! };

            await Creation().CreateAsync(request, _log, default);

            Assert.Empty(_tenant.Deleted);
            Assert.Equal(2, _tenant.Named(Name).Length);
        }
    }
}
