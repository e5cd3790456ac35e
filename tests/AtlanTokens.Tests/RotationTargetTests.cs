using System;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading.Tasks;
using AtlanTokens.Client;
using AtlanTokens.Cmdlets;
using AtlanTokens.Model;
using AtlanTokens.Operations;
using AtlanTokens.Session;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>
    /// Issue 16: which token Invoke-AtlanApiTokenRotation acts on (-Name followed by a rotation mark, -Resume checked
    /// against the new token's own mark) is decided in Operations/, below the cmdlet, against an in-process tenant; the
    /// error mapping gives those decisions the ids, categories and next steps the cmdlet wrote before.
    /// </summary>
    public sealed class RotationTargetTests : IDisposable
    {
        private const string Command = "Invoke-AtlanApiTokenRotation";
        private const string Lookup = "GET /api/service/apikeys";

        private readonly FakeClock _clock = new();
        private readonly FakeTokenTenant _tenant;
        private readonly AtlanSession _session;
        private readonly TestLog _log = new();

        public RotationTargetTests()
        {
            _tenant = new FakeTokenTenant(_clock);
            AtlanClient client = TestClients.Create(_tenant, maxRetries: 0, clock: _clock);
            _session = new AtlanSession(client.BaseUri, FakeTokenTenant.Admin, client);
        }

        public void Dispose() => _session.Dispose(); // and its client

        private RotationTargetResolution Targets => _session.Operations.RotationTargets();

        /// <summary>The verbose lines saying a name was followed to an old token (the client logs each request too).</summary>
        private string[] Followed() => _log.Verbose.Where(l => l.StartsWith("A token named ", StringComparison.Ordinal)).ToArray();

        private FakeToken Token(string name, string description = "d") => _tenant.Commit(new FakeToken { DisplayName = name, Description = description });

        /// <summary>A new token of an unfinished rotation of <paramref name="oldGuid"/>: its own mark names it.</summary>
        private FakeToken Successor(string name, string oldGuid, string description = "d")
        {
            FakeToken token = Token(name);
            token.Description = $"{description} [rotation of {oldGuid} as {token.ClientId}]";
            return token;
        }

        [Fact]
        public async Task A_name_held_by_a_new_token_is_followed_by_its_mark_to_the_renamed_old_token()
        {
            FakeToken old = Token("svc-retired");
            FakeToken made = Successor("svc", old.Guid!);

            RotationTarget target = await Targets.ByNameAsync("svc", _log, default);

            Assert.Equal(old.Guid, target.Old.Guid);
            Assert.Same(_session, target.Old.Session);
            Assert.Null(target.Resumed);
            Assert.Equal(new[] { Lookup, Lookup }, _tenant.Requests); // the name, then the old token by GUID
            Assert.Equal($"A token named 'svc' is the new token of an unfinished rotation of 'svc-retired' ({old.Guid}) (it carries that rotation's mark): that rotation is finished.", Assert.Single(Followed()));
            Assert.NotEqual(made.Guid, target.Old.Guid);
        }

        [Fact]
        public async Task A_name_shared_by_the_old_token_and_its_new_token_means_the_old_one_without_another_read()
        {
            FakeToken old = Token("svc");
            Successor("svc", old.Guid!);

            RotationTarget target = await Targets.ByNameAsync("svc", _log, default);

            Assert.Equal(old.Guid, target.Old.Guid);
            Assert.Equal(new[] { Lookup }, _tenant.Requests);
        }

        [Fact]
        public async Task One_token_of_the_name_without_a_mark_is_the_target()
        {
            FakeToken only = Token("svc");

            RotationTarget target = await Targets.ByNameAsync("svc", _log, default);

            Assert.Equal(only.Guid, target.Old.Guid);
            Assert.Same(_session, target.Old.Session);
            Assert.Empty(Followed());
        }

        [Fact]
        public async Task A_single_new_token_whose_old_token_is_gone_is_itself_the_target_as_before()
        {
            FakeToken made = Successor("svc", "5f0e8e0c-1111-4a4a-9b9b-00000000dead");

            RotationTarget target = await Targets.ByNameAsync("svc", _log, default);

            Assert.Equal(made.Guid, target.Old.Guid); // the rotation's plan then finds its predecessor gone
            Assert.Empty(Followed());
        }

        [Fact]
        public async Task Marks_naming_two_old_tokens_do_not_settle_a_shared_name()
        {
            FakeToken first = Token("svc-a");
            FakeToken second = Token("svc-b");
            FakeToken one = Successor("svc", first.Guid!);
            FakeToken other = Successor("svc", second.Guid!);

            var e = await Assert.ThrowsAsync<RotationTargetException>(() => Targets.ByNameAsync("svc", _log, default));

            Assert.Equal(ErrorIds.ApiTokenNameAmbiguous, e.ErrorId);
            Assert.Equal("svc", e.Sought);
            Assert.StartsWith("2 API tokens are named 'svc': ", e.Message, StringComparison.Ordinal);
            Assert.Contains(one.Guid!, e.Message);
            Assert.Contains(other.Guid!, e.Message);
            Assert.EndsWith(". A shared name, creator or persona set is no evidence of which one is meant. Nothing was created.", e.Message, StringComparison.Ordinal);
            Assert.Equal(one.Guid, e.CandidateGuid);
            Assert.Equal(new[] { Lookup }, _tenant.Requests);
            Assert.Empty(Followed());
        }

        [Fact]
        public async Task A_token_of_the_name_that_is_not_the_marked_successor_makes_the_name_ambiguous()
        {
            FakeToken old = Token("svc-retired");
            Successor("svc", old.Guid!);
            Token("svc"); // made by hand with the same name: no evidence either way

            var e = await Assert.ThrowsAsync<RotationTargetException>(() => Targets.ByNameAsync("svc", _log, default));

            Assert.Equal(ErrorIds.ApiTokenNameAmbiguous, e.ErrorId);
            Assert.StartsWith("2 API tokens are named 'svc': ", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_copy_whose_mark_names_another_client_id_makes_the_name_ambiguous()
        {
            FakeToken old = Token("svc");
            FakeToken made = Successor("svc", old.Guid!);
            Token("svc", made.Description); // Get-AtlanApiToken x | New-AtlanApiToken copies the description, mark and all

            var e = await Assert.ThrowsAsync<RotationTargetException>(() => Targets.ByNameAsync("svc", _log, default));

            Assert.Equal(ErrorIds.ApiTokenNameAmbiguous, e.ErrorId);
            Assert.StartsWith("3 API tokens are named 'svc': ", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_name_nobody_has_is_ApiTokenNotFoundByName()
        {
            Token("svc-other");

            var e = await Assert.ThrowsAsync<RotationTargetException>(() => Targets.ByNameAsync("svc", _log, default));

            Assert.Equal(ErrorIds.ApiTokenNotFoundByName, e.ErrorId);
            Assert.Equal("No API token is named 'svc' (-Name here is exact). Nothing was created.", e.Message);
            Assert.Equal("svc", e.Sought);
        }

        [Fact]
        public async Task A_failed_read_of_the_old_token_is_the_reads_own_failure_not_an_ambiguity()
        {
            FakeToken old = Token("svc-retired");
            Successor("svc", old.Guid!);
            Token("svc");
            AtlanClient client = TestClients.Create(new RefuseLookup(2, _tenant), maxRetries: 0, clock: _clock);
            using var session = new AtlanSession(client.BaseUri, FakeTokenTenant.Admin, client);

            var e = await Assert.ThrowsAsync<AtlanApiException>(() => session.Operations.RotationTargets().ByNameAsync("svc", _log, default));

            Assert.Equal(403, e.StatusCode);
            Assert.Equal(new[] { Lookup }, _tenant.Requests); // the name reached the tenant; the old token's read was refused
        }

        [Fact]
        public async Task Resume_with_a_marked_new_token_returns_the_old_token_and_the_new_one_with_the_secret_given()
        {
            FakeToken old = Token("svc-etl");
            FakeToken made = Successor("svc-etl", old.Guid!);
            SecureString secret = SecretText.FromString("new-secret-value-0123");

            RotationTarget target = await Targets.ResumeAsync(old.Guid, new ApiToken { Guid = made.Guid! }, secret, _log, default);

            Assert.Equal(old.Guid, target.Old.Guid);
            Assert.Equal(made.Guid, target.Resumed!.Guid);
            Assert.Same(secret, target.Resumed.AccessToken);
            Assert.Same(_session, target.Old.Session);
            Assert.Same(_session, target.Resumed.Session);
        }

        [Fact]
        public async Task Resume_without_the_old_guid_takes_it_from_the_new_tokens_own_mark()
        {
            FakeToken old = Token("svc-etl");
            FakeToken made = Successor("svc-etl", old.Guid!);

            RotationTarget target = await Targets.ResumeAsync(null, new ApiToken { Guid = made.Guid! }, null, _log, default);

            Assert.Equal(old.Guid, target.Old.Guid);
            Assert.Null(target.Resumed!.AccessToken);
        }

        [Fact]
        public async Task Resume_with_a_token_whose_mark_names_another_old_token_is_not_usable()
        {
            FakeToken old = Token("svc-etl");
            FakeToken other = Token("svc-other");
            FakeToken made = Successor("svc-etl", other.Guid!);

            var e = await Assert.ThrowsAsync<RotationTargetException>(() => Targets.ResumeAsync(old.Guid, new ApiToken { Guid = made.Guid! }, null, _log, default));

            Assert.Equal(ErrorIds.RotationResumeNotUsable, e.ErrorId);
            Assert.Equal($"API token 'svc-etl' ({made.Guid}) carries no rotation mark of its own naming the token it replaces, so it is no evidence of an unfinished rotation. Nothing was changed.", e.Message);
            Assert.Null(e.Sought);
            Assert.Equal(new[] { Lookup }, _tenant.Requests); // the old token is not read
        }

        [Fact]
        public async Task Resume_with_an_unmarked_or_copied_token_is_not_usable()
        {
            FakeToken old = Token("svc-etl");
            FakeToken made = Successor("svc-etl", old.Guid!);
            FakeToken copy = Token("svc-etl", made.Description);

            var unmarked = await Assert.ThrowsAsync<RotationTargetException>(() => Targets.ResumeAsync(null, new ApiToken { Guid = old.Guid! }, null, _log, default));
            var copied = await Assert.ThrowsAsync<RotationTargetException>(() => Targets.ResumeAsync(null, new ApiToken { Guid = copy.Guid! }, null, _log, default));

            Assert.Equal(ErrorIds.RotationResumeNotUsable, unmarked.ErrorId);
            Assert.Equal(ErrorIds.RotationResumeNotUsable, copied.ErrorId);
            Assert.Contains("carries no rotation mark of its own", copied.Message);
        }

        [Fact]
        public async Task Resume_whose_new_token_is_gone_is_not_usable()
        {
            FakeToken old = Token("svc-etl");
            const string gone = "5f0e8e0c-1111-4a4a-9b9b-00000000dead";

            var e = await Assert.ThrowsAsync<RotationTargetException>(() => Targets.ResumeAsync(old.Guid, new ApiToken { Guid = gone }, null, _log, default));

            Assert.Equal(ErrorIds.RotationResumeNotUsable, e.ErrorId);
            Assert.Equal(RotationTargetProblem.ResumeNoEvidence, e.Problem);
            Assert.Equal($"The new token {gone} of that rotation no longer exists on https://tenant.example.com. Nothing was changed.", e.Message);
        }

        [Fact]
        public async Task Resume_whose_old_token_is_gone_is_ApiTokenNotFoundByGuid_naming_that_guid()
        {
            FakeToken old = Token("svc-etl");
            FakeToken made = Successor("svc-etl", old.Guid!);
            _tenant.Tokens.Remove(old);

            var e = await Assert.ThrowsAsync<RotationTargetException>(() => Targets.ResumeAsync(old.Guid, new ApiToken { Guid = made.Guid! }, null, _log, default));

            Assert.Equal(ErrorIds.ApiTokenNotFoundByGuid, e.ErrorId);
            Assert.Equal(old.Guid, e.Sought);
            Assert.Equal($"The token that rotation replaces ({old.Guid}) no longer exists on https://tenant.example.com: the rotation finished already, or the token was deleted. Nothing was changed.", e.Message);
            Assert.Equal(new[] { Lookup, Lookup }, _tenant.Requests);
        }

        [Fact]
        public async Task Resume_with_nothing_carried_is_not_usable_and_reads_nothing()
        {
            var e = await Assert.ThrowsAsync<RotationTargetException>(() => Targets.ResumeAsync(null, null, null, _log, default));

            Assert.Equal(ErrorIds.RotationResumeNotUsable, e.ErrorId);
            Assert.Equal(RotationTargetProblem.ResumeNotARotation, e.Problem);
            Assert.StartsWith("-Resume takes what a failed rotation returned: ", e.Message, StringComparison.Ordinal);
            Assert.Empty(_tenant.Requests);
        }

        /// <summary>Answers the <c>n</c>th token look-up 403 (the earlier and later ones reach the tenant).</summary>
        private sealed class RefuseLookup : System.Net.Http.DelegatingHandler
        {
            private readonly int _refused;
            private int _lookups;

            public RefuseLookup(int refused, System.Net.Http.HttpMessageHandler tenant)
                : base(tenant)
            {
                _refused = refused;
            }

            protected override Task<System.Net.Http.HttpResponseMessage> SendAsync(System.Net.Http.HttpRequestMessage request, System.Threading.CancellationToken cancellationToken)
            {
                if (request.Method == System.Net.Http.HttpMethod.Get && ++_lookups == _refused)
                {
                    return Task.FromResult(new System.Net.Http.HttpResponseMessage(System.Net.HttpStatusCode.Forbidden)
                    {
                        Content = new System.Net.Http.StringContent("""{"errorCode":"ATLAS-403-00-001","errorMessage":"forbidden"}""", System.Text.Encoding.UTF8, "application/json"),
                    });
                }

                return base.SendAsync(request, cancellationToken);
            }
        }

        [Fact]
        public void The_mapping_keeps_the_ids_categories_targets_and_next_steps_the_cmdlet_wrote()
        {
            FailureContext context = FailureContext.ForCommand(Command);
            object given = "what -Resume was given";
            const string guid = "5f0e8e0c-1111-4a4a-9b9b-000000000001";

            ErrorRecord notFound = AtlanErrors.ToRecord(new RotationTargetException(RotationTargetProblem.NameNotFound, "none", "svc"), "svc", null, context);
            Assert.Equal(ErrorIds.ApiTokenNotFoundByName, notFound.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, notFound.CategoryInfo.Category);
            Assert.Equal("svc", notFound.TargetObject);
            Assert.Equal($"List the tokens with Get-AtlanApiToken, or select with wildcards: Get-AtlanApiToken -Name '*part*' | {Command}", notFound.ErrorDetails.RecommendedAction);

            ErrorRecord ambiguous = AtlanErrors.ToRecord(new RotationTargetException(RotationTargetProblem.NameAmbiguous, "two", "svc", guid), "svc", null, context);
            Assert.Equal(ErrorIds.ApiTokenNameAmbiguous, ambiguous.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, ambiguous.CategoryInfo.Category);
            Assert.Equal($"Pick one by GUID: {Command} -Guid {guid} -Force (or pipe the one you mean).", ambiguous.ErrorDetails.RecommendedAction);

            ErrorRecord hostile = AtlanErrors.ToRecord(new RotationTargetException(RotationTargetProblem.NameAmbiguous, "two", "svc", "x; Set-Content pwned.txt x"), "svc", null, context);
            Assert.Contains($"-Guid {CommandLine.Guid("x; Set-Content pwned.txt x")} -Force", hostile.ErrorDetails.RecommendedAction);
            Assert.DoesNotContain("-Guid x;", hostile.ErrorDetails.RecommendedAction);

            ErrorRecord notARotation = AtlanErrors.ToRecord(new RotationTargetException(RotationTargetProblem.ResumeNotARotation, "none"), given, null, context);
            Assert.Equal(ErrorIds.RotationResumeNotUsable, notARotation.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, notARotation.CategoryInfo.Category);
            Assert.Same(given, notARotation.TargetObject);
            Assert.Equal($"Run the rotation itself again: {Command} -Name <name> -Force", notARotation.ErrorDetails.RecommendedAction);

            ErrorRecord noEvidence = AtlanErrors.ToRecord(new RotationTargetException(RotationTargetProblem.ResumeNoEvidence, "unmarked"), given, null, context);
            Assert.Equal(ErrorIds.RotationResumeNotUsable, noEvidence.FullyQualifiedErrorId);
            Assert.Same(given, noEvidence.TargetObject);
            Assert.Equal($"Run the rotation itself again: {Command} -Guid <old token GUID> -Force", noEvidence.ErrorDetails.RecommendedAction);

            ErrorRecord oldGone = AtlanErrors.ToRecord(new RotationTargetException(RotationTargetProblem.OldTokenGone, "gone", guid), given, null, context);
            Assert.Equal(ErrorIds.ApiTokenNotFoundByGuid, oldGone.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, oldGone.CategoryInfo.Category);
            Assert.Equal(guid, oldGone.TargetObject);
            Assert.Null(oldGone.ErrorDetails);

            Assert.True(AtlanErrors.IsModuleFailure(oldGone.Exception));
            Assert.False(AtlanErrors.IsSessionBroken(oldGone.Exception)); // one item's error; the pipeline goes on
        }
    }
}
