using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Aims.Agent.Sync;
using Aims.Core.Authority;
using Aims.Core.Identity;
using Aims.Core.Jose;
using Aims.Grains.Authority;

namespace Aims.Agent.Tests.Sync;

/// <summary>The authority's bundle turned into what the Workload API hands out.</summary>
public sealed class TrustBundleTests
{
    private static readonly TrustDomain Td = TrustDomain.Parse("aims.local");

    [Fact]
    public void From_Bundle_X509AsConcatenatedDerAndOnlyJwtSvidKeysInTheJwks()
    {
        using var caKey1 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var caKey2 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var jwtKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var witKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca1 = SelfSigned(caKey1, "CN=ca1");
        using var ca2 = SelfSigned(caKey2, "CN=ca2");
        var bundle = new SpiffeBundle(Td, [ca1, ca2], [JsonWebKey.FromECDsa(jwtKey, kid: "jwt-1")], [JsonWebKey.FromECDsa(witKey, kid: "wit-1")], 7, TimeSpan.FromMinutes(5));
        var view = new TrustBundleView(Td.Name, 7, bundle.ToJson(), bundle.X509AuthoritiesPem(), """{"keys":[]}""");

        var trust = TrustBundle.From(Td, view);

        Assert.Equal("spiffe://aims.local", trust.Key);
        Assert.Equal(7, trust.Sequence);
        Assert.Equal(2, trust.X509AuthorityCount);
        Assert.Equal([.. ca1.RawData, .. ca2.RawData], trust.X509AuthoritiesDer);
        using var jwks = JsonDocument.Parse(trust.JwtAuthoritiesJson);
        var key = Assert.Single(jwks.RootElement.GetProperty("keys").EnumerateArray());
        Assert.Equal("jwt-1", key.GetProperty("kid").GetString());
        Assert.Equal("jwt-svid", key.GetProperty("use").GetString());
        Assert.Equal(["jwt-1"], trust.JwtAuthorities.KeyIds);
    }

    [Fact]
    public void FromFederated_StoredBundle_OwnTrustDomainAndKeyAndOnlyItsKeys()
    {
        var partner = TrustDomain.Parse("partner.test");
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var jwtKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = SelfSigned(caKey, "CN=partner ca");
        var bundle = new SpiffeBundle(partner, [ca], [JsonWebKey.FromECDsa(jwtKey, kid: "p-1")], [], 12, TimeSpan.FromMinutes(5));

        var trust = TrustBundle.FromFederated(new Grains.Federation.FederatedBundleView(partner.Name, 12, bundle.ToJson()));

        Assert.Equal(partner, trust.TrustDomain);
        Assert.Equal("spiffe://partner.test", trust.Key);
        Assert.Equal(12, trust.Sequence);
        Assert.Equal(ca.RawData, trust.X509AuthoritiesDer);
        Assert.Equal(["p-1"], trust.JwtAuthorities.KeyIds);
        Assert.Equal(partner, trust.JwtAuthorities.TrustDomain);
    }

    [Fact]
    public void FromFederated_BrokenDocument_RefusedNamingTheTrustDomain()
    {
        var e = Assert.Throws<ArgumentException>(() => TrustBundle.FromFederated(new Grains.Federation.FederatedBundleView("partner.test", 1, "{}")));
        Assert.Contains("partner.test", e.Message, StringComparison.Ordinal);
    }

    private static X509Certificate2 SelfSigned(ECDsa key, string subject)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
    }
}
