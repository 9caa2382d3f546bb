using Aims.Grains.Hosting;

namespace Aims.Grains.Tests.Configuration;

/// <summary>The <c>Aims:OAuth:ChainingPartners</c> section: checked at startup, so a silo with an unusable partner refuses to start and says which.</summary>
public sealed class ChainingPartnerOptionsTests
{
    [Fact]
    public void Directory_None_Empty() => Assert.Equal(0, ChainingPartnerOptions.Directory([]).Count);

    [Fact]
    public void Directory_Configured_FoundByIssuerAndTokenEndpoint()
    {
        var directory = ChainingPartnerOptions.Directory([
            new ChainingPartnerOptions { Issuer = "https://as.b.example", TokenEndpoint = "https://as.b.example/oauth2/token", GrantLifetimeSeconds = 120 },
        ]);

        Assert.True(directory.TryFind("https://as.b.example/oauth2/token", out var partner));
        Assert.Equal("https://as.b.example", partner.Issuer);
        Assert.Equal(TimeSpan.FromSeconds(120), partner.GrantLifetime);
    }

    [Theory]
    [InlineData("", null, "Issuer is required")]
    [InlineData("https://as.b.example", 600, "GrantLifetimeSeconds must be 1 to 300")]
    public void Directory_UnusableEntry_StopsTheSiloNamingTheSection(string issuer, int? lifetime, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ChainingPartnerOptions.Directory([
            new ChainingPartnerOptions { Issuer = issuer, GrantLifetimeSeconds = lifetime },
        ]));

        Assert.StartsWith("Aims:OAuth:ChainingPartners: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Directory_SameIssuerTwice_StopsTheSilo() =>
        Assert.Throws<InvalidOperationException>(() => ChainingPartnerOptions.Directory([
            new ChainingPartnerOptions { Issuer = "https://as.b.example" },
            new ChainingPartnerOptions { Issuer = "https://as.b.example" },
        ]));
}
