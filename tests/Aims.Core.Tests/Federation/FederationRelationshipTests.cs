using Aims.Core.Authority;
using Aims.Core.Federation;
using Aims.Core.Identity;
using Aims.Core.Tests.Credentials;

namespace Aims.Core.Tests.Federation;

/// <summary>Checking configured relationships (SPIFFE Federation §5.1, §5.2).</summary>
public sealed class FederationRelationshipTests
{
    private static readonly TrustDomain Local = TrustDomain.Parse("local.test");

    [Fact]
    public void TryCreate_HttpsWeb_Accepted()
    {
        Assert.True(FederationRelationship.TryCreate(Local, "partner.test", "https://partner.test/bundle", "https_web", null, null, out var r, out var error), error);
        Assert.Equal(BundleEndpointProfile.HttpsWeb, r.Profile);
        Assert.Null(r.EndpointSpiffeId);
        Assert.Null(r.BootstrapBundle);
    }

    [Fact]
    public void TryCreate_HttpsWebPlainHttpToLoopback_Accepted() =>
        Assert.True(FederationRelationship.TryCreate(Local, "partner.test", "http://127.0.0.1:5080/spiffe/bundle", "https_web", null, null, out _, out _));

    [Fact]
    public void TryCreate_HttpsSpiffeWithIdAndBootstrap_Accepted()
    {
        using var ca = X509TestAuthority.CreateRoot(TrustDomain.Parse("partner.test"));
        var bootstrap = new SpiffeBundle(TrustDomain.Parse("partner.test"), [ca.Certificate], [], [], 3, TimeSpan.FromMinutes(5)).ToJson();

        Assert.True(FederationRelationship.TryCreate(Local, "partner.test", "https://127.0.0.1:5443/spiffe/bundle", "https_spiffe",
            "spiffe://partner.test/aims/silo", bootstrap, out var r, out var error), error);

        Assert.Equal(SpiffeId.Parse("spiffe://partner.test/aims/silo"), r.EndpointSpiffeId);
        Assert.Equal(3, r.BootstrapBundle!.Sequence);
    }

    [Theory]
    [InlineData("local.test", "https://x.test/b", "https_web", null, null, "names the local trust domain")]
    [InlineData("Not A Domain", "https://x.test/b", "https_web", null, null, "is not a trust domain name")]
    [InlineData("partner.test", "https://x.test/b", null, null, null, "needs Profile")]
    [InlineData("partner.test", "https://x.test/b", "HTTPS_WEB", null, null, "needs Profile")]
    [InlineData("partner.test", "https://x.test/b", "https", null, null, "never inferred")]
    [InlineData("partner.test", "http://x.test/b", "https_web", null, null, "must use https (plain http only to a loopback host)")]
    [InlineData("partner.test", "http://127.0.0.1/b", "https_spiffe", "spiffe://partner.test/s", "{}", "https_spiffe authenticates the server")]
    [InlineData("partner.test", "https://u:p@x.test/b", "https_web", null, null, "without user info or fragment")]
    [InlineData("partner.test", "/spiffe/bundle", "https_web", null, null, "must use https")]
    [InlineData("partner.test", null, "https_web", null, null, "absolute URL")]
    [InlineData("partner.test", "https://x.test/b", "https_web", "spiffe://partner.test/s", null, "belong to https_spiffe only")]
    [InlineData("partner.test", "https://x.test/b", "https_spiffe", null, null, "needs EndpointSpiffeId")]
    [InlineData("partner.test", "https://x.test/b", "https_spiffe", "spiffe://partner.test/s", null, "needs BootstrapBundle")]
    [InlineData("partner.test", "https://x.test/b", "https_spiffe", "spiffe://partner.test/s", "{\"nokeys\":1}", "BootstrapBundle is not a usable SPIFFE bundle")]
    [InlineData("partner.test", "https://x.test/b", "https_spiffe", "spiffe://partner.test/s", "{\"keys\":[]}", "no x509-svid authority")]
    public void TryCreate_Unusable_RefusedWithWhatToFix(string? td, string? url, string? profile, string? endpointId, string? bootstrap, string reason)
    {
        Assert.False(FederationRelationship.TryCreate(Local, td, url, profile, endpointId, bootstrap, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Relationships_SameTrustDomainTwice_Refused()
    {
        FederationRelationship.TryCreate(Local, "partner.test", "https://a.test/b", "https_web", null, null, out var a, out _);
        FederationRelationship.TryCreate(Local, "partner.test", "https://b.test/b", "https_web", null, null, out var b, out _);
        var e = Assert.Throws<ArgumentException>(() => new FederationRelationships([a!, b!]));
        Assert.Contains("partner.test", e.Message, StringComparison.Ordinal);
    }
}
