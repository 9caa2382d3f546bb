using Aims.Testing;
using System.Net;
using System.Security.Cryptography;
using Aims.Core.Authority;
using Aims.Core.Identity;
using Aims.Core.Jose;
using Aims.Grains.Audit;
using Aims.Grains.Federation;
using Aims.Grains.Tests.Cluster;

namespace Aims.Grains.Tests.Federation;

/// <summary>
/// <see cref="FederatedBundleGrain"/> against a real loopback bundle endpoint: sequence only forward, the last good
/// bundle kept through failures, status and audit. The steps build on each other, so they run as one test.
/// </summary>
public sealed class FederatedBundleGrainTests(FederationClusterFixture fixture) : IClassFixture<FederationClusterFixture>
{
    private static readonly TrustDomain Peer = TrustDomain.Parse(FederationClusterFixture.PeerTrustDomain);

    [Fact]
    public async Task Refresh_SequenceRulesAndFailures_KeepTheLastGoodBundle()
    {
        var grain = fixture.GrainFactory.GetGrain<IFederatedBundleGrain>(GrainKeys.FederatedBundle(Peer));

        // A newer bundle is stored as served.
        var five = BundleJson(5);
        FederationClusterFixture.Peer.Serve(five);
        var status = await grain.RefreshAsync();
        Assert.Equal(("Current", 5L, null), (status.State, status.Sequence, status.LastError));
        Assert.Equal("https_web", status.Profile);
        Assert.Equal(five, (await grain.GetBundleAsync())!.Json);
        Assert.NotNull(status.NextRefreshAt);

        // A lower sequence is refused and recorded; the stored bundle stays.
        FederationClusterFixture.Peer.Serve(BundleJson(4));
        status = await grain.RefreshAsync();
        Assert.Equal(("Stale", 5L), (status.State, status.Sequence));
        Assert.Contains("spiffe_sequence 4 is lower than the stored 5", status.LastError, StringComparison.Ordinal);
        Assert.Equal(five, (await grain.GetBundleAsync())!.Json);

        // The same sequence again: unchanged, current.
        FederationClusterFixture.Peer.Serve(five);
        status = await grain.RefreshAsync();
        Assert.Equal(("Current", 5L, null), (status.State, status.Sequence, status.LastError));

        // The endpoint fails: stale, the bundle is kept, the error says what happened.
        FederationClusterFixture.Peer.Fail(HttpStatusCode.ServiceUnavailable);
        status = await grain.RefreshAsync();
        Assert.Equal("Stale", status.State);
        Assert.Contains("answered 503", status.LastError, StringComparison.Ordinal);
        Assert.Equal(five, (await grain.GetBundleAsync())!.Json);

        // Not a bundle: refused.
        FederationClusterFixture.Peer.Serve("""{"keys":"none"}""");
        status = await grain.RefreshAsync();
        Assert.Contains("is refused: a SPIFFE bundle is a JSON object with a 'keys' array", status.LastError, StringComparison.Ordinal);

        // Newer again: current.
        var six = BundleJson(6);
        FederationClusterFixture.Peer.Serve(six);
        status = await grain.RefreshAsync();
        Assert.Equal(("Current", 6L, null), (status.State, status.Sequence, status.LastError));
        Assert.Equal(six, (await grain.GetBundleAsync())!.Json);

        var audit = await fixture.GrainFactory.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(AimsClusterFixture.TrustDomain)).QueryAsync(null, null, 0, 100);
        Assert.Contains(audit, r => r.Action == "federation.bundle.update" && r.Detail!.Contains("-> 6", StringComparison.Ordinal));
        Assert.Contains(audit, r => r.Action == "federation.bundle.refused" && r.Detail!.Contains("lower than the stored 5", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Directory_ListsTheConfiguredRelationshipAndItsBundleOnly()
    {
        var directory = fixture.GrainFactory.GetGrain<IFederationDirectoryGrain>(GrainKeys.FederationDirectory(AimsClusterFixture.TrustDomain));
        var listed = Assert.Single(await directory.ListAsync());
        Assert.Equal((Peer.Name, FederationClusterFixture.Peer.Url), (listed.TrustDomain, listed.Endpoint));

        var unconfigured = await fixture.GrainFactory.GetGrain<IFederatedBundleGrain>("other.test").RefreshAsync();
        Assert.Equal(FederatedBundleStatus.NotConfigured, unconfigured.State);
    }

    private static string BundleJson(long sequence)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new SpiffeBundle(Peer, [], [JsonWebKey.FromECDsa(key, $"k{sequence}")], [], sequence, TimeSpan.FromSeconds(2)).ToJson();
    }
}
