using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aims.Core.Authority;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.Tests.Credentials;

namespace Aims.Core.Tests.Authority;

public sealed class CertificateAuthorityFactoryTests
{
    private static readonly DateTimeOffset Now = X509TestAuthority.Now;

    private static readonly TrustDomain Domain = X509TestAuthority.Domain;

    [Fact]
    public void CreateSelfSignedRoot_P256Key_IsSigningCertificateOfTheTrustDomain()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] serial = [0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f, 0x60, 0x71];

        var root = CertificateAuthorityFactory.CreateSelfSignedRoot(Domain, key, Now, Now.AddDays(365), serial);

        Assert.Equal("CN=aims.test root 0a1b2c3d, O=Aims.Orleans", root.Subject);
        Assert.Equal(root.SubjectName.RawData, root.IssuerName.RawData);
        Assert.Equal("0A1B2C3D4E5F6071", root.SerialNumber);
        Assert.Equal(Now, CertificateValidity.NotBefore(root));
        Assert.Equal(Now.AddDays(365), CertificateValidity.NotAfter(root));
        Assert.Equal("1.2.840.10045.4.3.2", root.SignatureAlgorithm.Value);
        var basic = root.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(basic.Critical);
        Assert.True(basic.CertificateAuthority);
        var usage = root.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.True(usage.Critical);
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, usage.KeyUsages);
        var subjectKeyId = root.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single();
        var authorityKeyId = root.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single();
        Assert.Equal(subjectKeyId.SubjectKeyIdentifierBytes.ToArray(), authorityKeyId.KeyIdentifier!.Value.ToArray());
        var san = root.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.False(san.Critical);
        Assert.Equal(X509TestAuthority.UriSan(false, "spiffe://aims.test").RawData, san.RawData);
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), root.PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void CreateSelfSignedRoot_P384Key_SignsWithSha384()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        var root = CertificateAuthorityFactory.CreateSelfSignedRoot(Domain, key, Now, Now.AddDays(1), CertificateSerialNumber.Create());

        Assert.Equal("1.2.840.10045.4.3.3", root.SignatureAlgorithm.Value);
    }

    [Theory]
    [InlineData("nistP521")]
    [InlineData("brainpoolP256r1")]
    public void CreateSelfSignedRoot_CurveOtherThanP256OrP384_Throws(string curve)
    {
        using var key = ECDsa.Create(ECCurve.CreateFromFriendlyName(curve));

        Assert.Throws<ArgumentException>(() =>
            CertificateAuthorityFactory.CreateSelfSignedRoot(Domain, key, Now, Now.AddDays(1), CertificateSerialNumber.Create()));
    }

    [Fact]
    public void CreateSelfSignedRoot_LongTrustDomain_CommonNameWithin64Characters()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var longDomain = TrustDomain.Parse(new string('a', 100) + ".test");

        var root = CertificateAuthorityFactory.CreateSelfSignedRoot(longDomain, key, Now, Now.AddDays(1), CertificateSerialNumber.Create());

        var commonName = root.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        Assert.True(commonName.Length <= 64, commonName);
        Assert.Contains(" root ", commonName, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateSelfSignedRoot_NotAfterBeforeNotBefore_Throws()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.Throws<ArgumentException>(() =>
            CertificateAuthorityFactory.CreateSelfSignedRoot(Domain, key, Now, Now, CertificateSerialNumber.Create()));
    }

    [Fact]
    public void CreateIntermediate_UnderRoot_IsCaSignedByTheUpstream()
    {
        using var root = X509TestAuthority.CreateRoot();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var intermediate = CertificateAuthorityFactory.CreateIntermediate(Domain, key, root, Now, Now.AddDays(7), CertificateSerialNumber.Create());

        Assert.Equal(root.Certificate.SubjectName.RawData, intermediate.IssuerName.RawData);
        Assert.StartsWith("CN=aims.test intermediate ", intermediate.Subject, StringComparison.Ordinal);
        Assert.True(intermediate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        var authorityKeyId = intermediate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single();
        var rootKeyId = root.Certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single();
        Assert.Equal(rootKeyId.SubjectKeyIdentifierBytes.ToArray(), authorityKeyId.KeyIdentifier!.Value.ToArray());
        Assert.Equal(X509TestAuthority.UriSan(false, "spiffe://aims.test").RawData, intermediate.Extensions["2.5.29.17"]!.RawData);
    }

    [Fact]
    public void CreateIntermediate_NotAfterBeyondUpstream_ClampedToUpstream()
    {
        using var root = X509TestAuthority.CreateRoot(notBefore: Now.AddDays(-1), notAfter: Now.AddDays(3));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var intermediate = CertificateAuthorityFactory.CreateIntermediate(Domain, key, root, Now.AddDays(-2), Now.AddDays(30), CertificateSerialNumber.Create());

        Assert.Equal(Now.AddDays(-1), CertificateValidity.NotBefore(intermediate));
        Assert.Equal(Now.AddDays(3), CertificateValidity.NotAfter(intermediate));
    }

    [Fact]
    public void CreateIntermediate_WindowAfterUpstreamExpires_Throws()
    {
        using var root = X509TestAuthority.CreateRoot(notAfter: Now.AddDays(3));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.Throws<ArgumentException>(() =>
            CertificateAuthorityFactory.CreateIntermediate(Domain, key, root, Now.AddDays(4), Now.AddDays(30), CertificateSerialNumber.Create()));
    }

    [Fact]
    public void ChainAbove_RootAndIntermediate_EmptyThenUpstreamChain()
    {
        using var root = X509TestAuthority.CreateRoot();
        using var intermediate = X509TestAuthority.CreateIntermediate(root);

        Assert.Empty(CertificateAuthorityFactory.ChainAbove(root));
        Assert.Equal([intermediate.Certificate], CertificateAuthorityFactory.ChainAbove(intermediate));
    }

    [Fact]
    public void LoadUpstream_IntermediateThenRoot_RootKeptOutOfIntermediates()
    {
        using var root = X509TestAuthority.CreateRoot();
        using var upstream = X509TestAuthority.CreateIntermediate(root);
        var pem = upstream.Certificate.ExportCertificatePem() + "\n" + root.Certificate.ExportCertificatePem();

        using var loaded = CertificateAuthorityFactory.LoadUpstream(pem, upstream.PrivateKey.ExportPkcs8PrivateKeyPem());
        var roots = CertificateAuthorityFactory.LoadUpstreamRoots(pem);

        Assert.Equal(upstream.Certificate.RawData, loaded.Certificate.RawData);
        Assert.Empty(loaded.Intermediates);
        Assert.False(loaded.IsRoot);
        Assert.Equal(root.Certificate.RawData, Assert.Single(roots).RawData);
    }

    [Fact]
    public void LoadUpstream_ThreeLevels_KeepsTheMiddleCertificate()
    {
        using var root = X509TestAuthority.CreateRoot();
        using var middle = X509TestAuthority.CreateIntermediate(root);
        using var upstream = X509TestAuthority.CreateIntermediate(middle);
        var pem = upstream.Certificate.ExportCertificatePem() + "\n" + middle.Certificate.ExportCertificatePem();

        using var loaded = CertificateAuthorityFactory.LoadUpstream(pem, upstream.PrivateKey.ExportECPrivateKeyPem());

        Assert.Equal(middle.Certificate.RawData, Assert.Single(loaded.Intermediates).RawData);
        Assert.Empty(CertificateAuthorityFactory.LoadUpstreamRoots(pem));
    }

    [Fact]
    public void LoadUpstream_SelfSignedRootAlone_IsRoot()
    {
        using var root = X509TestAuthority.CreateRoot();
        var pem = root.Certificate.ExportCertificatePem();

        using var loaded = CertificateAuthorityFactory.LoadUpstream(pem, root.PrivateKey.ExportPkcs8PrivateKeyPem());

        Assert.True(loaded.IsRoot);
        Assert.Equal(root.Certificate.RawData, Assert.Single(CertificateAuthorityFactory.LoadUpstreamRoots(pem)).RawData);
    }

    [Fact]
    public void LoadUpstream_KeyOfAnotherCertificate_Throws()
    {
        using var root = X509TestAuthority.CreateRoot();
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var error = Assert.Throws<ArgumentException>(() =>
            CertificateAuthorityFactory.LoadUpstream(root.Certificate.ExportCertificatePem(), other.ExportPkcs8PrivateKeyPem()));

        Assert.Contains("does not belong", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadUpstream_ChainOutOfOrder_Throws()
    {
        using var root = X509TestAuthority.CreateRoot();
        using var upstream = X509TestAuthority.CreateIntermediate(root);
        var pem = root.Certificate.ExportCertificatePem() + "\n" + upstream.Certificate.ExportCertificatePem();

        Assert.Throws<ArgumentException>(() => CertificateAuthorityFactory.LoadUpstream(pem, root.PrivateKey.ExportPkcs8PrivateKeyPem()));
    }

    [Fact]
    public void LoadUpstream_LeafCertificate_Throws()
    {
        using var root = X509TestAuthority.CreateRoot();
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leaf = X509SvidIssuer.Issue(
            root, X509TestAuthority.AgentId, X509TestAuthority.Csr(leafKey), Now, TimeSpan.FromHours(1), CertificateSerialNumber.Create()).Leaf;

        var error = Assert.Throws<ArgumentException>(() =>
            CertificateAuthorityFactory.LoadUpstream(leaf.ExportCertificatePem(), leafKey.ExportPkcs8PrivateKeyPem()));

        Assert.Contains("not a CA", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadUpstream_NoCertificate_Throws()
    {
        using var root = X509TestAuthority.CreateRoot();

        Assert.Throws<ArgumentException>(() =>
            CertificateAuthorityFactory.LoadUpstream(root.PrivateKey.ExportPkcs8PrivateKeyPem(), root.PrivateKey.ExportPkcs8PrivateKeyPem()));
    }
}
