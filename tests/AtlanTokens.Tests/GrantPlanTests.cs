using System.Linq;
using AtlanTokens.Client;
using AtlanTokens.Model;
using AtlanTokens.Operations;
using Xunit;

namespace AtlanTokens.Tests
{
    /// <summary>The grant plan (issue 16): who needs a change, the add/remove axis as data, outcomes, the last-admin refusal.</summary>
    public class GrantPlanTests
    {
        private static GrantTarget Connection(params string[] admins)
            => new GrantTarget("Connection", "00000000-0000-4000-8000-000000000201", "development", "default/bigquery/1", "bigquery") { AdminUsers = admins };

        [Fact]
        public void Add_sends_only_the_usernames_not_yet_in_the_list_and_reports_each()
        {
            GrantPlan plan = GrantChange.Plan(GrantKind.ConnectionAdmin, GrantDirection.Add, Connection("alice", "ci-a"), new[] { "ci-a", "ci-b" });
            Assert.Equal(new[] { "ci-b" }, plan.Pending);
            Assert.Equal("Add ci-b as connection admin (keeping the 2 existing adminUsers)", plan.Action);
            var outcomes = plan.Outcomes(Connection("alice", "ci-a", "ci-b"), applied: true).ToList();
            Assert.Equal(new[] { GrantStatus.AlreadyPresent, GrantStatus.Added }, outcomes.Select(o => o.Status));
            Assert.Equal(new[] { "alice", "ci-a", "ci-b" }, outcomes[1].AdminUsers!.ToArray());
        }

        [Fact]
        public void Remove_sends_only_the_usernames_in_the_list_and_a_declined_change_reports_only_the_unchanged()
        {
            GrantPlan plan = GrantChange.Plan(GrantKind.ConnectionAdmin, GrantDirection.Remove, Connection("alice", "ci-a"), new[] { "ci-a", "ci-b" });
            Assert.Equal(new[] { "ci-a" }, plan.Pending);
            Assert.Equal("Remove ci-a as connection admin (keeping the 1 other adminUsers)", plan.Action);
            var declined = plan.Outcomes(plan.Before, applied: false).ToList();
            Assert.Equal(new[] { ("ci-b", GrantStatus.NotPresent) }, declined.Select(o => (o.Username, o.Status)));
        }

        [Fact]
        public void Removing_the_last_admin_is_refused_before_anything_is_sent()
        {
            var refused = Assert.Throws<LastAdminException>(() => GrantChange.Plan(GrantKind.ConnectionAdmin, GrantDirection.Remove, Connection("ci-a"), new[] { "ci-a" }));
            Assert.Equal(ErrorIds.LastAdminProtected, refused.ErrorId);
        }

        [Fact]
        public void A_viewer_grant_reports_the_viewer_list()
        {
            var collection = new GrantTarget("Collection", "00000000-0000-4000-8000-000000000301", "mine", "default/collection/alice/x", null) { AdminUsers = new[] { "alice" }, ViewerUsers = new[] { "carol" } };
            GrantPlan plan = GrantChange.Plan(GrantKind.CollectionViewer, GrantDirection.Add, collection, new[] { "ci-a" });
            GrantResult result = plan.Outcomes(collection, applied: false).SingleOrDefault() ?? plan.Outcomes(new GrantTarget("Collection", collection.Guid, "mine", collection.QualifiedName, null) { ViewerUsers = new[] { "carol", "ci-a" } }, applied: true).Single();
            Assert.Equal(GrantStatus.Added, result.Status);
            Assert.Null(result.AdminUsers);
            Assert.Equal(new[] { "carol", "ci-a" }, result.ViewerUsers!.ToArray());
        }
    }
}
