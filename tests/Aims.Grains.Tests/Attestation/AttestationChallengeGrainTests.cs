using Aims.Core.Attestation;
using Aims.Grains.Attestation;
using Aims.Grains.Tests.Cluster;

namespace Aims.Grains.Tests.Attestation;

/// <summary>A challenge nonce is spent once and dies at its expiry: Pending → Used | Expired.</summary>
[Collection(AimsClusterCollection.Name)]
public sealed class AttestationChallengeGrainTests(AimsClusterFixture fixture)
{
    private static readonly TimeSpan Ttl = AttestationChallenge.DefaultTtl;

    [Fact]
    public async Task RedeemAsync_IssuedNonce_AcceptedOnceThenRefusedAsUsed()
    {
        var challenge = Challenge(AttestationChallenge.NewNonce());
        Assert.Equal(fixture.Clock.GetUtcNow() + Ttl, await challenge.IssueAsync(Ttl));

        Assert.True((await challenge.RedeemAsync()).Accepted);
        var again = await challenge.RedeemAsync();

        Assert.False(again.Accepted);
        Assert.Contains("already used", again.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedeemAsync_AtExpiry_RefusedAsExpiredAndStaysSo()
    {
        var challenge = Challenge(AttestationChallenge.NewNonce());
        await challenge.IssueAsync(Ttl);
        await fixture.AdvanceAsync(Ttl);

        var redemption = await challenge.RedeemAsync();

        Assert.False(redemption.Accepted);
        Assert.Contains("expired", redemption.Reason, StringComparison.Ordinal);
        Assert.Contains("expired", (await challenge.RedeemAsync()).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedeemAsync_NeverIssued_Refused()
    {
        var redemption = await Challenge(AttestationChallenge.NewNonce()).RedeemAsync();

        Assert.False(redemption.Accepted);
        Assert.Contains("not issued", redemption.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssueAsync_SameNonceTwice_SecondReturnsNull()
    {
        var challenge = Challenge(AttestationChallenge.NewNonce());
        await challenge.IssueAsync(Ttl);

        Assert.Null(await challenge.IssueAsync(Ttl));
    }

    [Fact]
    public async Task IssueAsync_LifetimeOutOfBounds_Throws()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Challenge(AttestationChallenge.NewNonce()).IssueAsync(TimeSpan.FromHours(1)));
    }

    private IAttestationChallengeGrain Challenge(byte[] nonce) =>
        fixture.GrainFactory.GetGrain<IAttestationChallengeGrain>(GrainKeys.AttestationChallenge(nonce));
}
