using System.Security.Cryptography;
using Aims.Core.Authority;
using Aims.Core.Credentials;
using Aims.Core.Jose;
using Aims.Core.Tests.Credentials;

namespace Aims.Core.Tests.Authority;

/// <summary>Keys from <see cref="AuthorityKeyFactory"/> loaded into a ring: active keys sign, every published key verifies.</summary>
public sealed class AuthorityKeyRingTests
{
    private static readonly DateTimeOffset Now = X509TestAuthority.Now;

    private static readonly KeyLifetime Lifetime = KeyLifetime.Default;

    [Fact]
    public void Generate_EachKind_PreparedSlotValidForTheLifetime()
    {
        foreach (var kind in Enum.GetValues<KeyKind>())
        {
            var key = AuthorityKeyFactory.Generate(kind, X509TestAuthority.Domain, Now, Lifetime, null);

            Assert.Equal(kind, key.Slot.Kind);
            Assert.Equal(KeySlotState.Prepared, key.Slot.State);
            Assert.Equal(Now, key.Slot.NotBefore);
            Assert.Equal(Now + Lifetime.Lifetime, key.Slot.NotAfter);
            using var privateKey = ECDsa.Create();
            privateKey.ImportPkcs8PrivateKey(key.Pkcs8PrivateKey, out _);
            Assert.Equal(256, privateKey.KeySize);
            Assert.Equal(kind == KeyKind.X509Authority, key.CertificateDer is not null);
        }
    }

    [Fact]
    public void Generate_JwtKey_KidIsTheRfc7638Thumbprint()
    {
        var key = AuthorityKeyFactory.Generate(KeyKind.JwtSvid, X509TestAuthority.Domain, Now, Lifetime, null);

        using var privateKey = ECDsa.Create();
        privateKey.ImportPkcs8PrivateKey(key.Pkcs8PrivateKey, out _);
        Assert.Equal(JsonWebKey.FromECDsa(privateKey).Thumbprint(), key.Slot.Kid);
    }

    [Fact]
    public void Generate_CaUnderAnUpstreamThatExpiresFirst_ClampedToTheUpstream()
    {
        using var upstream = X509TestAuthority.CreateRoot(notBefore: Now.AddDays(-1), notAfter: Now.AddDays(2));

        var key = AuthorityKeyFactory.Generate(KeyKind.X509Authority, X509TestAuthority.Domain, Now, Lifetime, upstream);

        Assert.Equal(Now.AddDays(2), key.Slot.NotAfter);
    }

    [Fact]
    public void Load_SelfSignedActiveKeys_ExposesTheActiveCaJwtAndWitKeysAndTheirBundles()
    {
        var (ca, jwt, wit) = GenerateAll(null);

        using var ring = AuthorityKeyRing.Load(X509TestAuthority.Domain, 5, [Active(ca), Active(jwt), Active(wit)], [], []);

        Assert.Equal(5, ring.Sequence);
        Assert.Equal(X509TestAuthority.Domain, ring.TrustDomain);
        var authority = ring.ActiveCertificateAuthority!;
        Assert.True(authority.IsRoot);
        Assert.Equal(ca.CertificateDer, authority.Certificate.RawData);
        Assert.Equal(authority.Certificate.PublicKey.ExportSubjectPublicKeyInfo(), authority.PrivateKey.ExportSubjectPublicKeyInfo());
        Assert.Equal((jwt.Slot.Kid, jwt.Slot.NotAfter, "ES256"), (ring.ActiveJwtKey!.Kid, ring.ActiveJwtKey.NotAfter, ring.ActiveJwtKey.Algorithm));
        Assert.Equal(wit.Slot.Kid, ring.ActiveWitKey!.Kid);
        Assert.Equal(ca.CertificateDer, Assert.Single(ring.X509Bundle.Authorities).RawData);
        Assert.Equal([jwt.Slot.Kid], ring.JwtBundle.KeyIds);
        Assert.Equal([wit.Slot.Kid], ring.WitBundle.KeyIds);
        var jwk = Assert.Single(ring.JwtAuthorities);
        Assert.Equal((jwt.Slot.Kid, SpiffeBundle.JwtSvidUse, JwsAlgorithms.ES256), (jwk.Kid, jwk.Use, jwk.Alg));
        Assert.Equal(SpiffeBundle.WitSvidUse, Assert.Single(ring.WitAuthorities).Use);

        var bundle = ring.ToBundle(TimeSpan.FromMinutes(5));
        Assert.Equal(5, bundle.Sequence);
        Assert.Single(bundle.X509Authorities);
        Assert.Single(bundle.JwtAuthorities);
        Assert.Single(bundle.WitAuthorities);
    }

    [Fact]
    public void Load_Keys_ZeroesTheDecryptedPrivateKeysItWasHanded()
    {
        var (ca, jwt, wit) = GenerateAll(null);

        using var ring = AuthorityKeyRing.Load(X509TestAuthority.Domain, 1, [Active(ca), Active(jwt), Active(wit)], [], []);

        Assert.All([ca, jwt, wit], key => Assert.All(key.Pkcs8PrivateKey, b => Assert.Equal(0, b)));
    }

    [Fact]
    public void Load_ActiveKeys_SignWhatTheirOwnBundlesVerify()
    {
        var (ca, jwt, wit) = GenerateAll(null);
        using var ring = AuthorityKeyRing.Load(X509TestAuthority.Domain, 1, [Active(ca), Active(jwt), Active(wit)], [], []);

        var svid = X509SvidIssuer.Issue(ring.ActiveCertificateAuthority!, X509TestAuthority.AgentId, X509TestAuthority.EcCsr(), Now, TimeSpan.FromHours(1), CertificateSerialNumber.Create());
        var token = new JwtSvidIssuer().Mint(ring.ActiveJwtKey!, X509TestAuthority.AgentId, ["https://api.example"], Now, TimeSpan.FromMinutes(5));

        Assert.True(X509SvidValidator.Validate(svid.Chain, ring.X509Bundle, Now).IsValid);
        Assert.True(JwtSvidValidator.Validate(token.Token, ring.JwtBundle, ["https://api.example"], Now).IsValid);
        Assert.False(JwtSvidValidator.Validate(token.Token, ring.WitBundle, ["https://api.example"], Now).IsValid);
    }

    [Fact]
    public void Load_PreparedAndRetiredKeys_PublishedButNotSigning()
    {
        var active = AuthorityKeyFactory.Generate(KeyKind.JwtSvid, X509TestAuthority.Domain, Now, Lifetime, null);
        var prepared = AuthorityKeyFactory.Generate(KeyKind.JwtSvid, X509TestAuthority.Domain, Now, Lifetime, null);
        var retired = AuthorityKeyFactory.Generate(KeyKind.JwtSvid, X509TestAuthority.Domain, Now, Lifetime, null);
        var activeCa = AuthorityKeyFactory.Generate(KeyKind.X509Authority, X509TestAuthority.Domain, Now, Lifetime, null);
        var preparedCa = AuthorityKeyFactory.Generate(KeyKind.X509Authority, X509TestAuthority.Domain, Now, Lifetime, null);

        using var ring = AuthorityKeyRing.Load(
            X509TestAuthority.Domain,
            7,
            [Unlocked(retired, s => s.Activate().Retire()), Active(active), Unlocked(prepared, s => s), Active(activeCa), Unlocked(preparedCa, s => s)],
            [],
            []);

        Assert.Equal(active.Slot.Kid, ring.ActiveJwtKey!.Kid);
        Assert.Equal(new[] { active, prepared, retired }.Select(k => k.Slot.Kid).Order(), ring.JwtBundle.KeyIds.Order());
        Assert.Equal(3, ring.JwtAuthorities.Count);
        Assert.Equal(activeCa.CertificateDer, ring.ActiveCertificateAuthority!.Certificate.RawData);
        Assert.Equal([activeCa.CertificateDer, preparedCa.CertificateDer], ring.X509Bundle.Authorities.Select(c => c.RawData));
        Assert.Null(ring.ActiveWitKey);
    }

    [Fact]
    public void Load_OnlyPreparedKeys_NothingActive()
    {
        var (ca, jwt, wit) = GenerateAll(null);

        using var ring = AuthorityKeyRing.Load(X509TestAuthority.Domain, 1, [Unlocked(ca, s => s), Unlocked(jwt, s => s), Unlocked(wit, s => s)], [], []);

        Assert.Null(ring.ActiveCertificateAuthority);
        Assert.Null(ring.ActiveJwtKey);
        Assert.Null(ring.ActiveWitKey);
        Assert.Single(ring.X509Bundle.Authorities);
        Assert.Single(ring.JwtBundle.KeyIds);
    }

    [Fact]
    public void Load_UnderAnUpstreamRoot_BundleHoldsTheUpstreamRootAndSvidsChainToIt()
    {
        using var upstream = X509TestAuthority.CreateRoot(notBefore: Now.AddDays(-1), notAfter: Now.AddDays(30));
        var (ca, jwt, wit) = GenerateAll(upstream);

        using var ring = AuthorityKeyRing.Load(
            X509TestAuthority.Domain, 1, [Active(ca), Active(jwt), Active(wit)], CertificateAuthorityFactory.ChainAbove(upstream), [upstream.Certificate]);

        Assert.Equal(upstream.Certificate.RawData, Assert.Single(ring.X509Bundle.Authorities).RawData);
        var authority = ring.ActiveCertificateAuthority!;
        Assert.False(authority.IsRoot);
        Assert.Equal(upstream.Certificate.SubjectName.RawData, authority.Certificate.IssuerName.RawData);
        Assert.Empty(authority.Intermediates);
        var svid = X509SvidIssuer.Issue(authority, X509TestAuthority.AgentId, X509TestAuthority.EcCsr(), Now, TimeSpan.FromHours(1), CertificateSerialNumber.Create());
        Assert.Equal(2, svid.Chain.Count);
        var check = X509SvidValidator.Validate(svid.Chain, ring.X509Bundle, Now);
        Assert.True(check.IsValid, check.ToString());
    }

    [Fact]
    public void Load_UnderAnUpstreamIntermediate_ChainCarriesTheUpstreamUpToTheRoot()
    {
        using var root = X509TestAuthority.CreateRoot(notBefore: Now.AddDays(-1), notAfter: Now.AddDays(30));
        using var upstream = X509TestAuthority.CreateIntermediate(root, notBefore: Now.AddDays(-1), notAfter: Now.AddDays(20));
        var (ca, jwt, wit) = GenerateAll(upstream);

        using var ring = AuthorityKeyRing.Load(
            X509TestAuthority.Domain, 1, [Active(ca), Active(jwt), Active(wit)], CertificateAuthorityFactory.ChainAbove(upstream), [root.Certificate]);

        var authority = ring.ActiveCertificateAuthority!;
        Assert.Equal(upstream.Certificate.RawData, Assert.Single(authority.Intermediates).RawData);
        var svid = X509SvidIssuer.Issue(authority, X509TestAuthority.AgentId, X509TestAuthority.EcCsr(), Now, TimeSpan.FromHours(1), CertificateSerialNumber.Create());
        Assert.Equal([authority.Certificate.RawData, upstream.Certificate.RawData], svid.Chain.Skip(1).Select(c => c.RawData));
        var check = X509SvidValidator.Validate(svid.Chain, ring.X509Bundle, Now);
        Assert.True(check.IsValid, check.ToString());
    }

    [Fact]
    public void Load_CaSlotWithoutCertificate_Throws()
    {
        var ca = AuthorityKeyFactory.Generate(KeyKind.X509Authority, X509TestAuthority.Domain, Now, Lifetime, null);

        var e = Assert.Throws<CryptographicException>(() =>
            AuthorityKeyRing.Load(X509TestAuthority.Domain, 1, [new UnlockedKey(ca.Slot.Activate(), ca.Pkcs8PrivateKey, null)], [], []));

        Assert.Equal($"CA slot {ca.Slot.Kid} has no certificate.", e.Message);
    }

    private static (GeneratedKey Ca, GeneratedKey Jwt, GeneratedKey Wit) GenerateAll(CertificateAuthority? upstream) => (
        AuthorityKeyFactory.Generate(KeyKind.X509Authority, X509TestAuthority.Domain, Now, Lifetime, upstream),
        AuthorityKeyFactory.Generate(KeyKind.JwtSvid, X509TestAuthority.Domain, Now, Lifetime, upstream),
        AuthorityKeyFactory.Generate(KeyKind.Wit, X509TestAuthority.Domain, Now, Lifetime, upstream));

    private static UnlockedKey Active(GeneratedKey key) => Unlocked(key, s => s.Activate());

    private static UnlockedKey Unlocked(GeneratedKey key, Func<KeySlot, KeySlot> state) =>
        new(state(key.Slot), key.Pkcs8PrivateKey, key.CertificateDer);
}
