using Aims.Core.Attestation;
using Aims.Core.Identity;
using Aims.Grains.Agents;
using Aims.Grains.Audit;
using Aims.Grains.JoinTokens;
using Aims.Grains.Tests.Agents;
using Aims.Grains.Tests.Cluster;

namespace Aims.Grains.Tests.JoinTokens;

/// <summary>A join token is spent once: Pending → Used | Expired; an unknown token is refused with a reason.</summary>
[Collection(AimsClusterCollection.Name)]
public sealed class JoinTokenGrainTests(AimsClusterFixture fixture)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task CreateAsync_RegisteredAgent_CreatedUntilNowPlusTtlAndAudited()
    {
        var id = await RegisteredAgentAsync();
        var now = fixture.Clock.GetUtcNow();

        var creation = await Token(JoinTokenRules.NewToken()).CreateAsync(id.ToString(), Ttl, "operator", "corr-join");

        Assert.True(creation.Created, creation.Error);
        Assert.Equal(now + Ttl, creation.ExpiresAt);
        Assert.Null(creation.Error);
        var log = fixture.GrainFactory.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(AimsClusterFixture.TrustDomain));
        var record = Assert.Single(await log.QueryAsync(id.ToString(), null, 0, 100), r => r.Action == "join-token.create");
        Assert.Equal("corr-join", record.CorrelationId);
        Assert.Equal("operator", record.Actor);
    }

    [Fact]
    public async Task CreateAsync_UnregisteredAgent_Refused()
    {
        var id = AimsClusterFixture.NewAgentId("join-unregistered");
        var token = Token(JoinTokenRules.NewToken());

        var creation = await token.CreateAsync(id.ToString(), Ttl, "operator", "corr-join");

        Assert.False(creation.Created);
        Assert.Contains("is not registered", creation.Error, StringComparison.Ordinal);
        Assert.Contains("unknown", (await token.RedeemAsync()).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(29)]
    [InlineData(24 * 3600 + 1)]
    public async Task CreateAsync_TtlOutOfBounds_Refused(int ttlSeconds)
    {
        var id = await RegisteredAgentAsync();

        var creation = await Token(JoinTokenRules.NewToken()).CreateAsync(id.ToString(), TimeSpan.FromSeconds(ttlSeconds), "operator", "corr-join");

        Assert.False(creation.Created);
        Assert.Equal(JoinTokenRules.CheckTtl(TimeSpan.FromSeconds(ttlSeconds)), creation.Error);
    }

    [Fact]
    public async Task CreateAsync_SameTokenTwice_SecondRefused()
    {
        var (_, token) = await CreatedAsync();
        var other = await RegisteredAgentAsync();

        var second = await token.CreateAsync(other.ToString(), Ttl, "operator", "corr-join");

        Assert.False(second.Created);
        Assert.Contains("already exists", second.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedeemAsync_PendingToken_AcceptedForItsSpiffeId()
    {
        var (id, token) = await CreatedAsync();

        var redemption = await token.RedeemAsync();

        Assert.True(redemption.Accepted);
        Assert.Equal(id.ToString(), redemption.SpiffeId);
        Assert.Null(redemption.Reason);
    }

    [Fact]
    public async Task RedeemAsync_Twice_SecondRefusedAsAlreadyUsed()
    {
        var (id, token) = await CreatedAsync();
        await token.RedeemAsync();

        var second = await token.RedeemAsync();

        Assert.False(second.Accepted);
        Assert.Equal(id.ToString(), second.SpiffeId);
        Assert.Contains("already used", second.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedeemAsync_JustBeforeExpiry_Accepted()
    {
        var (_, token) = await CreatedAsync();
        await fixture.AdvanceAsync(Ttl - TimeSpan.FromSeconds(1));

        Assert.True((await token.RedeemAsync()).Accepted);
    }

    [Fact]
    public async Task RedeemAsync_AtExpiry_RefusedAsExpired()
    {
        var (_, token) = await CreatedAsync();
        var expiresAt = fixture.Clock.GetUtcNow() + Ttl;
        await fixture.AdvanceAsync(Ttl);

        var redemption = await token.RedeemAsync();

        Assert.False(redemption.Accepted);
        Assert.Equal($"the join token expired at {expiresAt:O}", redemption.Reason);
    }

    [Fact]
    public async Task RedeemAsync_AfterExpiryWasRecorded_StaysExpired()
    {
        var (_, token) = await CreatedAsync();
        await fixture.AdvanceAsync(Ttl + TimeSpan.FromMinutes(1));
        await token.RedeemAsync();

        var again = await token.RedeemAsync();

        Assert.False(again.Accepted);
        Assert.Equal("the join token has expired", again.Reason);
    }

    [Fact]
    public async Task RedeemAsync_UnknownToken_Refused()
    {
        var redemption = await Token(JoinTokenRules.NewToken()).RedeemAsync();

        Assert.False(redemption.Accepted);
        Assert.Null(redemption.SpiffeId);
        Assert.Contains("unknown", redemption.Reason, StringComparison.Ordinal);
    }

    private IJoinTokenGrain Token(string value) => fixture.GrainFactory.GetGrain<IJoinTokenGrain>(GrainKeys.JoinToken(value));

    private async Task<SpiffeId> RegisteredAgentAsync()
    {
        var id = AimsClusterFixture.NewAgentId("join");
        Assert.NotNull(await fixture.GrainFactory.GetGrain<IAgentGrain>(GrainKeys.Agent(id)).RegisterAsync(AgentRequests.Register()));
        return id;
    }

    private async Task<(SpiffeId Id, IJoinTokenGrain Token)> CreatedAsync()
    {
        var id = await RegisteredAgentAsync();
        var token = Token(JoinTokenRules.NewToken());
        var creation = await token.CreateAsync(id.ToString(), Ttl, "operator", "corr-join");
        Assert.True(creation.Created, creation.Error);
        return (id, token);
    }
}
