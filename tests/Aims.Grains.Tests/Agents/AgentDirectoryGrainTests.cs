using Aims.Grains.Agents;
using Aims.Grains.Tests.Cluster;

namespace Aims.Grains.Tests.Agents;

/// <summary>The sorted index of a trust domain's agents: prefix filter, keyset paging with <c>after</c>, bounded pages.</summary>
[Collection(AimsClusterCollection.Name)]
public sealed class AgentDirectoryGrainTests(AimsClusterFixture fixture)
{
    private static readonly string[] Agents =
    [
        "spiffe://aims.test/agents/analyst",
        "spiffe://aims.test/agents/booker",
        "spiffe://aims.test/agents/coder",
        "spiffe://aims.test/tools/search",
        "spiffe://aims.test/tools/weather",
    ];

    [Fact]
    public async Task ListAsync_Prefix_ReturnsMatchingIdsInOrdinalOrder()
    {
        var directory = await FilledAsync();

        var page = await directory.ListAsync("spiffe://aims.test/tools/", null, 10);

        Assert.Equal(["spiffe://aims.test/tools/search", "spiffe://aims.test/tools/weather"], page);
    }

    [Fact]
    public async Task ListAsync_NoPrefix_ReturnsEveryIdSorted()
    {
        var directory = await FilledAsync();

        Assert.Equal(Agents, await directory.ListAsync(null, null, 10));
    }

    [Fact]
    public async Task ListAsync_AfterAndLimit_PagesWithoutOverlapOrGap()
    {
        var directory = await FilledAsync();

        var first = await directory.ListAsync(null, null, 2);
        var second = await directory.ListAsync(null, first[^1], 2);
        var third = await directory.ListAsync(null, second[^1], 2);

        Assert.Equal(Agents[..2], first);
        Assert.Equal(Agents[2..4], second);
        Assert.Equal(Agents[4..], third);
    }

    [Fact]
    public async Task ListAsync_PrefixAndAfter_PagesWithinThePrefix()
    {
        var directory = await FilledAsync();

        var page = await directory.ListAsync("spiffe://aims.test/agents/", "spiffe://aims.test/agents/analyst", 10);

        Assert.Equal(["spiffe://aims.test/agents/booker", "spiffe://aims.test/agents/coder"], page);
    }

    [Fact]
    public async Task ListAsync_AfterTheLastId_ReturnsAnEmptyPage()
    {
        var directory = await FilledAsync();

        Assert.Empty(await directory.ListAsync(null, Agents[^1], 10));
        Assert.Empty(await directory.ListAsync(null, "spiffe://aims.test/zzz", 10));
    }

    [Fact]
    public async Task ListAsync_AfterAnIdNotInTheDirectory_StartsAtTheNextOne()
    {
        var directory = await FilledAsync();

        var page = await directory.ListAsync(null, "spiffe://aims.test/agents/b", 1);

        Assert.Equal(["spiffe://aims.test/agents/booker"], page);
    }

    [Fact]
    public async Task ListAsync_LimitBelowOne_ReturnsOneId()
    {
        var directory = await FilledAsync();

        Assert.Equal([Agents[0]], await directory.ListAsync(null, null, 0));
    }

    [Fact]
    public async Task AddAsync_SameIdTwice_ListedOnce()
    {
        var directory = NewDirectory();
        await directory.AddAsync(Agents[0]);

        await directory.AddAsync(Agents[0]);

        Assert.Equal([Agents[0]], await directory.ListAsync(null, null, 10));
    }

    [Fact]
    public async Task ListAsync_EmptyDirectory_ReturnsAnEmptyPage()
    {
        var directory = NewDirectory();

        Assert.Empty(await directory.ListAsync(null, null, 10));
        Assert.Empty(await directory.ListAsync(null, Agents[0], 10));
    }

    private IAgentDirectoryGrain NewDirectory() =>
        fixture.GrainFactory.GetGrain<IAgentDirectoryGrain>($"directory-tests-{Guid.NewGuid():N}");

    private async Task<IAgentDirectoryGrain> FilledAsync()
    {
        var directory = NewDirectory();
        foreach (var id in Enumerable.Reverse(Agents))
            await directory.AddAsync(id);
        return directory;
    }
}
