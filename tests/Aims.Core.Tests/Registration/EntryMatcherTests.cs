using Aims.Core.Identity;
using Aims.Core.Registration;

namespace Aims.Core.Tests.Registration;

public sealed class EntryMatcherTests
{
    private static readonly TrustDomain Td = TrustDomain.Parse("aims.local");
    private static readonly string[] Workload = ["unix:uid:1000", "unix:gid:100", "unix:path:/usr/bin/web", "unix:sha256:ab"];

    private static RegistrationEntry Entry(string path, params string[] selectors) =>
        RegistrationEntryRules.TryCreate(Td, "spiffe://aims.local" + path, "spiffe://aims.local/node/n1", selectors).Entry!;

    [Theory]
    [InlineData(new[] { "unix:uid:1000" }, true)]
    [InlineData(new[] { "unix:uid:1000", "unix:sha256:ab" }, true)]
    [InlineData(new[] { "unix:uid:1000", "unix:gid:100", "unix:path:/usr/bin/web", "unix:sha256:ab" }, true)]
    [InlineData(new[] { "unix:uid:1001" }, false)]
    [InlineData(new[] { "unix:uid:1000", "unix:sha256:cd" }, false)]
    [InlineData(new[] { "unix:UID:1000" }, false)]
    [InlineData(new[] { "k8s:ns:default" }, false)]
    public void Matches_AllEntrySelectorsAmongWorkloads_TrueOtherwiseFalse(string[] entrySelectors, bool expected)
    {
        var workload = Workload.ToHashSet(StringComparer.Ordinal);

        Assert.Equal(expected, EntryMatcher.Matches(Entry("/workloads/web", entrySelectors), workload));
    }

    [Fact]
    public void Matches_EntryWithoutSelectors_NeverMatches()
    {
        var empty = Entry("/workloads/web", "unix:uid:1000") with { Selectors = [] };

        Assert.False(EntryMatcher.Matches(empty, Workload.ToHashSet(StringComparer.Ordinal)));
    }

    [Fact]
    public void Select_SeveralMatch_OnlyMatchingInSpiffeIdOrder()
    {
        var entries = new[]
        {
            Entry("/workloads/web", "unix:uid:1000"),
            Entry("/workloads/api", "unix:sha256:ab"),
            Entry("/workloads/other", "unix:uid:0"),
            Entry("/workloads/api", "unix:gid:100"),
        };

        var matched = EntryMatcher.Select(entries, Workload);

        Assert.Equal(
            ["spiffe://aims.local/workloads/api", "spiffe://aims.local/workloads/api", "spiffe://aims.local/workloads/web"],
            matched.Select(e => e.SpiffeId.ToString()));
        Assert.True(string.CompareOrdinal(matched[0].Id, matched[1].Id) < 0);
    }

    [Fact]
    public void Select_NothingMatches_Empty() =>
        Assert.Empty(EntryMatcher.Select([Entry("/workloads/web", "unix:uid:1")], Workload));
}
