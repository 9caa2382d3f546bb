using Aims.Core.OAuth.Chaining;

namespace Aims.Core.Tests.OAuth.Chaining;

public sealed class ChainingPartnerTests
{
    [Fact]
    public void TryCreate_IssuerOnly_DefaultLifetimeSixtySeconds()
    {
        Assert.True(ChainingPartner.TryCreate("https://as.b.example", null, null, out var partner, out var error), error);

        Assert.Equal(TimeSpan.FromSeconds(60), partner.GrantLifetime);
        Assert.Null(partner.TokenEndpoint);
    }

    [Theory]
    [InlineData(null, null, null, "Issuer is required")]
    [InlineData("as.b.example", null, null, "absolute URL")]
    [InlineData("http://as.b.example", null, null, "must use https")]
    [InlineData("https://as.b.example?x=1", null, null, "without query")]
    [InlineData("https://as.b.example", "ftp://as.b.example/token", null, "TokenEndpoint")]
    [InlineData("https://as.b.example", null, 301, "GrantLifetimeSeconds must be 1 to 300")]
    [InlineData("https://as.b.example", null, 0, "GrantLifetimeSeconds must be 1 to 300")]
    public void TryCreate_Unusable_SaysWhatToFix(string? issuer, string? tokenEndpoint, int? lifetime, string expected)
    {
        Assert.False(ChainingPartner.TryCreate(issuer, tokenEndpoint, lifetime, out _, out var error));

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_LoopbackHttp_Accepted() =>
        Assert.True(ChainingPartner.TryCreate("http://127.0.0.1:5000", "http://127.0.0.1:5000/oauth2/token", 300, out _, out _));

    [Theory]
    [InlineData("https://as.b.example", true)]
    [InlineData("https://as.b.example/oauth2/token", true)]
    [InlineData("https://as.b.example/", false)]
    [InlineData("https://as.c.example", false)]
    public void Directory_TryFind_ByExactIssuerOrTokenEndpoint(string target, bool found)
    {
        var directory = new ChainingPartnerDirectory([new ChainingPartner("https://as.b.example", "https://as.b.example/oauth2/token", TimeSpan.FromSeconds(60))]);

        Assert.Equal(found, directory.TryFind(target, out _));
    }

    [Fact]
    public void Directory_SameIssuerTwice_Throws() =>
        Assert.Throws<ArgumentException>(() => new ChainingPartnerDirectory([
            new ChainingPartner("https://as.b.example", null, TimeSpan.FromSeconds(60)),
            new ChainingPartner("https://as.b.example", null, TimeSpan.FromSeconds(30)),
        ]));
}
