using Aims.Core.Identity;
using Aims.Core.OAuth;

namespace Aims.Core.Tests.OAuth;

public sealed class TrustedIssuerTests : IDisposable
{
    private readonly PartnerIssuer _partner = new();

    public void Dispose() => _partner.Dispose();

    private static string Refusal(string? issuer, string? jwks, string? jwksUri, string? policy, params string[] trustDomains)
    {
        Assert.False(TrustedIssuer.TryCreate(issuer, jwks, jwksUri, policy, trustDomains, out var trusted, out var error));
        Assert.Null(trusted);
        return error;
    }

    [Fact]
    public void TryCreate_InlineJwks_KeysParsedNoUri()
    {
        Assert.True(TrustedIssuer.TryCreate(PartnerIssuer.Issuer, _partner.JwksJson, null, "p", ["partner.example", "partner.example"], out var trusted, out var error), error);

        Assert.Equal(3, trusted.Keys!.Count);
        Assert.Null(trusted.JwksUri);
        Assert.Equal([TrustDomain.Parse("partner.example")], trusted.SubjectTrustDomains);
        Assert.Equal("p", trusted.Policy);
    }

    [Fact]
    public void TryCreate_WithoutTheRequirement_BareGrantsAccepted()
    {
        Assert.True(TrustedIssuer.TryCreate(PartnerIssuer.Issuer, _partner.JwksJson, null, "p", ["partner.example"], out var trusted, out var error), error);

        Assert.False(trusted.RequireClientAuthentication);
    }

    [Fact]
    public void TryCreate_RequireClientAuthentication_Kept()
    {
        Assert.True(TrustedIssuer.TryCreate(PartnerIssuer.Issuer, _partner.JwksJson, null, "p", ["partner.example"], out var trusted, out var error,
            requireClientAuthentication: true), error);

        Assert.True(trusted.RequireClientAuthentication);
    }

    [Theory]
    [InlineData("https://as.partner.example/jwks")]
    [InlineData("http://127.0.0.1:8443/jwks")]
    [InlineData("http://localhost/jwks")]
    [InlineData("http://[::1]/jwks")]
    public void TryCreate_HttpsOrLoopbackJwksUri_Accepted(string uri)
    {
        Assert.True(TrustedIssuer.TryCreate(PartnerIssuer.Issuer, null, uri, "p", ["partner.example"], out var trusted, out var error), error);

        Assert.Equal(new Uri(uri), trusted.JwksUri);
        Assert.Null(trusted.Keys);
    }

    [Theory]
    [InlineData("http://as.partner.example/jwks", "must use https")]
    [InlineData("ftp://as.partner.example/jwks", "must use https")]
    [InlineData("https://user:pw@as.partner.example/jwks", "without user info")]
    [InlineData("https://as.partner.example/jwks#keys", "without user info or fragment")]
    [InlineData("jwks.json", "absolute URL")]
    public void TryCreate_UnsafeJwksUri_Refused(string uri, string expected)
    {
        Assert.Contains(expected, Refusal(PartnerIssuer.Issuer, null, uri, "p", "partner.example"), StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_BothOrNeitherKeySource_Refused()
    {
        Assert.Contains("exactly one of Jwks", Refusal(PartnerIssuer.Issuer, _partner.JwksJson, "https://as.partner.example/jwks", "p", "partner.example"), StringComparison.Ordinal);
        Assert.Contains("exactly one of Jwks", Refusal(PartnerIssuer.Issuer, null, null, "p", "partner.example"), StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_InlineJwksUnusable_RefusedWithTheReason()
    {
        Assert.Contains("Jwks is not usable", Refusal(PartnerIssuer.Issuer, """{"keys":[]}""", null, "p", "partner.example"), StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_NoTrustDomains_RefusedBecauseTheIssuerCouldNameAnyone()
    {
        Assert.Contains("needs TrustDomains", Refusal(PartnerIssuer.Issuer, _partner.JwksJson, null, "p"), StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_InvalidTrustDomain_Refused()
    {
        Assert.Contains("'Partner Example' is not a trust domain name", Refusal(PartnerIssuer.Issuer, _partner.JwksJson, null, "p", "Partner Example"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("https://as partner.example")]
    public void TryCreate_NoUsableIssuer_Refused(string? issuer)
    {
        Assert.Contains("Issuer must be the exact iss", Refusal(issuer, _partner.JwksJson, null, "p", "partner.example"), StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_NoPolicy_Refused()
    {
        Assert.Contains("needs a Policy", Refusal(PartnerIssuer.Issuer, _partner.JwksJson, null, " ", "partner.example"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("spiffe://partner.example/agents/a", true)]
    [InlineData("spiffe://partner.example", true)]
    [InlineData("spiffe://aims.local/agents/a", false)]
    [InlineData("spiffe://sub.partner.example/agents/a", false)]
    public void MayAssert_OnlyItsTrustDomains(string subject, bool expected)
    {
        Assert.Equal(expected, _partner.Trusted.MayAssert(SpiffeId.Parse(subject)));
    }

    [Fact]
    public void Directory_FindsByExactIssOnly()
    {
        var directory = new TrustedIssuerDirectory([_partner.Trusted]);

        Assert.True(directory.TryFind(PartnerIssuer.Issuer, out var found));
        Assert.Same(_partner.Trusted, found);
        Assert.False(directory.TryFind(PartnerIssuer.Issuer + "/", out _));
        Assert.False(directory.TryFind(PartnerIssuer.Issuer.ToUpperInvariant(), out _));
    }

    [Fact]
    public void Directory_SameIssuerTwice_Throws()
    {
        Assert.Throws<ArgumentException>(() => new TrustedIssuerDirectory([_partner.Trusted, _partner.Trusted]));
    }
}
