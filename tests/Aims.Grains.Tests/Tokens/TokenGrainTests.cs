using Aims.Core.Tokens;
using Aims.Grains.Tests.Cluster;
using Aims.Grains.Tokens;

namespace Aims.Grains.Tests.Tokens;

/// <summary>
/// Grain-per-token: a token's grain is activated by the first question about it, and gone soon after the token
/// expires. The fake clock fires the expiry timer; Orleans then deactivates on its own schedule, so the tests wait
/// (bounded) for the activation to go.
/// </summary>
[Collection(AimsClusterCollection.Name)]
public sealed class TokenGrainTests(AimsClusterFixture fixture)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task GetAsync_BeforeExpiry_ActivationStaysAndAnswersActive()
    {
        var (jti, token, issued) = await IssueAsync();

        await fixture.AdvanceAsync(Ttl - TimeSpan.FromSeconds(30));

        Assert.True(await IsActivatedAsync(jti));
        var record = await token.GetAsync(issued);
        Assert.Equal(TokenState.Active, record.State);
    }

    [Fact]
    public async Task GetAsync_TokenExpires_ActivationGoesAwayAndNothingWasPersisted()
    {
        var (jti, token, issued) = await IssueAsync();
        Assert.True(await IsActivatedAsync(jti));

        await fixture.AdvanceAsync(Ttl + TimeSpan.FromSeconds(1));

        Assert.True(await DeactivatedEventuallyAsync(jti), $"token grain {jti} is still activated after its token expired");
        // A fresh activation finds nothing stored: it takes what the caller read from the token, which has expired.
        Assert.Equal(TokenState.Expired, (await token.GetAsync(issued)).State);
    }

    [Fact]
    public async Task RevokeAsync_RevokedTokenExpires_ActivationGoesAwayAndTheRevocationRemains()
    {
        var (jti, token, issued) = await IssueAsync();
        await token.RevokeAsync(issued, "test revocation");

        await fixture.AdvanceAsync(Ttl + TimeSpan.FromSeconds(1));

        Assert.True(await DeactivatedEventuallyAsync(jti), $"token grain {jti} is still activated after its token expired");
        var record = await token.GetAsync(issued);
        Assert.Equal(TokenState.Revoked, record.State);
        Assert.Equal("test revocation", record.RevocationReason);
    }

    [Fact]
    public async Task RevokeAsync_UnknownToActivation_PersistsFromWhatTheCallerKnowsAndStillLeavesAfterExpiry()
    {
        var jti = $"jti-{Guid.NewGuid():N}";
        var token = fixture.GrainFactory.GetGrain<ITokenGrain>(GrainKeys.Token(jti));

        var revoked = await token.RevokeAsync(Record(jti), "revoked after a restart");

        Assert.Equal(TokenState.Revoked, revoked.State);
        await fixture.AdvanceAsync(Ttl + TimeSpan.FromSeconds(1));
        Assert.True(await DeactivatedEventuallyAsync(jti), $"token grain {jti} is still activated after its token expired");
        Assert.Equal(TokenState.Revoked, (await token.GetAsync(Record(jti))).State);
    }

    /// <summary>A token as its signed form describes it, and its grain, activated by a first question about it.</summary>
    private async Task<(string Jti, ITokenGrain Token, TokenRecord Issued)> IssueAsync()
    {
        var jti = $"jti-{Guid.NewGuid():N}";
        var issued = Record(jti);
        var token = fixture.GrainFactory.GetGrain<ITokenGrain>(GrainKeys.Token(jti));
        await token.GetAsync(issued);
        return (jti, token, issued);
    }

    private TokenRecord Record(string jti)
    {
        var now = fixture.Clock.GetUtcNow();
        const string agent = "spiffe://aims.test/tests/token";
        return new TokenRecord(jti, agent, agent, ["https://api.example.test"], "read", now, now + Ttl, TokenState.Active, null);
    }

    /// <summary>Whether any silo holds an activation of the token's grain; asking the management grain does not activate it.</summary>
    private async Task<bool> IsActivatedAsync(string jti)
    {
        var grainId = fixture.GrainFactory.GetGrain<ITokenGrain>(GrainKeys.Token(jti)).GetGrainId();
        var statistics = await fixture.GrainFactory.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return statistics.Any(s => s.GrainId == grainId);
    }

    /// <summary>Polls (bounded) until no activation of the token's grain is left.</summary>
    private async Task<bool> DeactivatedEventuallyAsync(string jti)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (!await IsActivatedAsync(jti))
                return true;
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
        }

        return false;
    }
}
