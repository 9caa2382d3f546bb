using Aims.Grains.Audit;
using Aims.Grains.Policies;
using Aims.Grains.Tests.Cluster;

namespace Aims.Grains.Tests.Policies;

/// <summary>Versioned policy documents: invalid ones are refused with the parser's reason, unchanged ones keep their version.</summary>
[Collection(AimsClusterCollection.Name)]
public sealed class PolicyGrainTests(AimsClusterFixture fixture)
{
    private static readonly string First = TestPolicies.Json(["https://api.example"]);

    private static readonly string Second = TestPolicies.Json(["https://api.example", "https://tools.example"]);

    [Fact]
    public async Task PutAsync_InvalidJson_ReturnsTheParsersErrorAndStoresNothing()
    {
        var (_, policy) = NewPolicy();

        var result = await policy.PutAsync("{\"rules\": [", "operator", "corr-1");

        Assert.Null(result.Version);
        Assert.False(result.Changed);
        Assert.StartsWith("policy document is not valid JSON: ", result.Error, StringComparison.Ordinal);
        Assert.Null(await policy.GetAsync());
        Assert.Empty(await policy.GetVersionsAsync());
    }

    [Fact]
    public async Task PutAsync_UnknownMember_ReturnsAnErrorNamingIt()
    {
        var (_, policy) = NewPolicy();

        var result = await policy.PutAsync("{\"rules\": [], \"ruels\": []}", "operator", "corr-1");

        Assert.Null(result.Version);
        Assert.Contains("ruels", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutAsync_ValidDocument_StoredAsVersion1()
    {
        var (name, policy) = NewPolicy();
        var now = fixture.Clock.GetUtcNow();

        var result = await policy.PutAsync(First, "alice", "corr-1");

        Assert.True(result.Changed);
        Assert.Null(result.Error);
        var version = result.Version!;
        Assert.Equal(name, version.Name);
        Assert.Equal(1, version.Version);
        Assert.Equal("alice", version.Author);
        Assert.Equal(now, version.CreatedAt);
        Assert.Matches("^[0-9a-f]{64}$", version.Sha256);
        Assert.Contains(TestPolicies.Match, version.Document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutAsync_SameDocumentAgain_UnchangedAtVersion1()
    {
        var (_, policy) = NewPolicy();
        var first = await policy.PutAsync(First, "alice", "corr-1");

        var again = await policy.PutAsync(First, "bob", "corr-2");

        Assert.False(again.Changed);
        Assert.Null(again.Error);
        Assert.Equal(1, again.Version!.Version);
        Assert.Equal(first.Version!.Sha256, again.Version.Sha256);
        Assert.Equal("alice", again.Version.Author);
        Assert.Single(await policy.GetVersionsAsync());
    }

    [Fact]
    public async Task PutAsync_SameRulesDifferentlyFormatted_UnchangedBecauseTheCanonicalFormIsCompared()
    {
        var (_, policy) = NewPolicy();
        await policy.PutAsync(First, "alice", "corr-1");
        var reformatted = First.Replace(",", ",\n    ", StringComparison.Ordinal);

        var again = await policy.PutAsync(reformatted, "bob", "corr-2");

        Assert.False(again.Changed);
        Assert.Equal(1, again.Version!.Version);
    }

    [Fact]
    public async Task PutAsync_ChangedDocument_StoredAsVersion2()
    {
        var (_, policy) = NewPolicy();
        var first = await policy.PutAsync(First, "alice", "corr-1");

        var second = await policy.PutAsync(Second, "bob", "corr-2");

        Assert.True(second.Changed);
        Assert.Equal(2, second.Version!.Version);
        Assert.Equal("bob", second.Version.Author);
        Assert.NotEqual(first.Version!.Sha256, second.Version.Sha256);
        Assert.Equal(2, (await policy.GetAsync())!.Version);
    }

    [Fact]
    public async Task GetVersionsAsync_TwoChanges_ListsBothInOrder()
    {
        var (_, policy) = NewPolicy();
        await policy.PutAsync(First, "alice", "corr-1");
        await policy.PutAsync(Second, "bob", "corr-2");

        var versions = await policy.GetVersionsAsync();

        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.Equal(["alice", "bob"], versions.Select(v => v.Author));
    }

    [Fact]
    public async Task GetAsync_Version1AfterAChange_ReturnsTheOldDocument()
    {
        var (_, policy) = NewPolicy();
        var first = await policy.PutAsync(First, "alice", "corr-1");
        await policy.PutAsync(Second, "bob", "corr-2");

        var old = await policy.GetAsync(1);

        Assert.NotNull(old);
        Assert.Equal(1, old.Version);
        Assert.Equal(first.Version!.Document, old.Document);
        Assert.DoesNotContain("https://tools.example", old.Document, StringComparison.Ordinal);
        Assert.Null(await policy.GetAsync(3));
    }

    [Fact]
    public async Task PutAsync_NewVersion_AuditedWithItsDigest()
    {
        var (name, policy) = NewPolicy();
        var now = fixture.Clock.GetUtcNow();

        var result = await policy.PutAsync(First, "alice", "corr-audit");

        var log = fixture.GrainFactory.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(AimsClusterFixture.TrustDomain));
        var record = Assert.Single(await log.QueryAsync(null, now, 0, 1000), r => r.Resource == $"policy:{name}");
        Assert.Equal("policy.put", record.Action);
        Assert.Equal("alice", record.Actor);
        Assert.Equal("corr-audit", record.CorrelationId);
        Assert.Equal($"version 1 sha256 {result.Version!.Sha256}", record.Detail);
    }

    private (string Name, IPolicyGrain Grain) NewPolicy()
    {
        var name = $"tests-{Guid.NewGuid():N}";
        return (name, fixture.GrainFactory.GetGrain<IPolicyGrain>(GrainKeys.Policy(name)));
    }
}
