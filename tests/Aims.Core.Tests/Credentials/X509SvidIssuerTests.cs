using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aims.Core.Authority;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using static Aims.Core.Tests.Credentials.X509TestAuthority;

namespace Aims.Core.Tests.Credentials;

public sealed class X509SvidIssuerTests
{
    [Fact]
    public void Issue_CsrAsksForSubjectAndNames_LeafCarriesOnlyTheSpiffeIdUriSan()
    {
        using var root = CreateRoot();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=admin, O=Evil", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("admin.aims.test");
        names.AddUri(new Uri("spiffe://aims.test/admin"));
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var csr = Parse(request.CreateSigningRequest());

        var svid = X509SvidIssuer.Issue(root, AgentId, csr, Now, TimeSpan.FromHours(1), CertificateSerialNumber.Create());

        Assert.Equal([0x30, 0x00], svid.Leaf.SubjectName.RawData);
        var san = Assert.Single(svid.Leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>());
        Assert.True(san.Critical);
        Assert.Equal(X509TestAuthority.UriSan(true, AgentId.ToString()).RawData, san.RawData);
        Assert.False(svid.Leaf.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
    }

    [Fact]
    public void Issue_EcKey_HasTheX509SvidLeafProfile()
    {
        using var root = CreateRoot();
        var csr = EcCsr();

        var leaf = X509SvidIssuer.Issue(root, AgentId, csr, Now, TimeSpan.FromHours(1), CertificateSerialNumber.Create()).Leaf;

        var basic = leaf.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(basic.Critical);
        Assert.False(basic.CertificateAuthority);
        var usage = leaf.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.True(usage.Critical);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, usage.KeyUsages);
        var enhanced = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], enhanced.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
        var subjectKeyId = leaf.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single();
        Assert.Equal(new X509SubjectKeyIdentifierExtension(csr.PublicKey, false).SubjectKeyIdentifier, subjectKeyId.SubjectKeyIdentifier);
        var authorityKeyId = leaf.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single();
        var caKeyId = root.Certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single();
        Assert.Equal(caKeyId.SubjectKeyIdentifierBytes.ToArray(), authorityKeyId.KeyIdentifier!.Value.ToArray());
        Assert.Equal("1.2.840.10045.4.3.2", leaf.SignatureAlgorithm.Value);
        Assert.Equal(root.Certificate.SubjectName.RawData, leaf.IssuerName.RawData);
        Assert.Equal(csr.PublicKey.ExportSubjectPublicKeyInfo(), leaf.PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void Issue_RsaKey_AddsKeyEncipherment()
    {
        using var root = CreateRoot();
        using var rsa = RSA.Create(2048);

        var leaf = X509SvidIssuer.Issue(root, AgentId, Csr(rsa), Now, TimeSpan.FromHours(1), CertificateSerialNumber.Create()).Leaf;

        Assert.Equal(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment,
            leaf.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
    }

    [Fact]
    public void Issue_WithinCaValidity_BackdatesTenSecondsAndAddsTtl()
    {
        using var root = CreateRoot();

        var svid = Issue(root, ttl: TimeSpan.FromMinutes(30));

        Assert.Equal(Now.AddSeconds(-10), svid.NotBefore);
        Assert.Equal(Now.AddMinutes(30), svid.NotAfter);
        Assert.Equal(svid.NotAfter, CertificateValidity.NotAfter(svid.Leaf));
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(48, 24)]
    public void Issue_TtlBeyondCaNotAfter_ClampedToCa(int ttlHours, int caHoursLeft)
    {
        using var root = CreateRoot(notAfter: Now.AddHours(caHoursLeft));

        var svid = Issue(root, ttl: TimeSpan.FromHours(ttlHours));

        Assert.Equal(Now.AddHours(caHoursLeft), svid.NotAfter);
    }

    [Fact]
    public void Issue_UnderIntermediateWhoseUpstreamEndsFirst_ClampedToUpstream()
    {
        using var root = CreateRoot(notAfter: Now.AddHours(5));
        using var intermediate = CreateIntermediate(root, notAfter: Now.AddDays(3));

        var svid = Issue(intermediate, ttl: TimeSpan.FromDays(1));

        Assert.Equal(Now.AddHours(5), svid.NotAfter);
    }

    [Fact]
    public void Issue_JustAfterCaNotBefore_NotBeforeClampedToCa()
    {
        using var root = CreateRoot(notBefore: Now.AddSeconds(-3));

        var svid = Issue(root);

        Assert.Equal(Now.AddSeconds(-3), svid.NotBefore);
    }

    [Fact]
    public void Issue_GivenSerial_IsTheLeafSerial()
    {
        using var root = CreateRoot();
        byte[] serial = [0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef];

        var svid = X509SvidIssuer.Issue(root, AgentId, EcCsr(), Now, TimeSpan.FromHours(1), serial);

        Assert.Equal("123456789ABCDEF00123456789ABCDEF", svid.SerialNumberHex);
        Assert.Equal(svid.Leaf.SerialNumber, svid.SerialNumberHex);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x80, 0x01 })]
    [InlineData(new byte[] { 0x00, 0x00 })]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21 })]
    public void Issue_InvalidSerial_Throws(byte[] serial)
    {
        using var root = CreateRoot();

        Assert.Throws<ArgumentException>(() => X509SvidIssuer.Issue(root, AgentId, EcCsr(), Now, TimeSpan.FromHours(1), serial));
    }

    [Fact]
    public void Issue_IdWithoutPath_Throws()
    {
        using var root = CreateRoot();

        var error = Assert.Throws<ArgumentException>(() => Issue(root, id: SpiffeId.Parse("spiffe://aims.test")));

        Assert.Contains("X509-SVID §3.1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Issue_IdOutsideTheCaTrustDomain_Throws()
    {
        using var root = CreateRoot();

        Assert.Throws<ArgumentException>(() => Issue(root, id: SpiffeId.Parse("spiffe://other.test/agents/a")));
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(40)]
    public void Issue_CaNotValidNow_Throws(int daysFromNow)
    {
        using var root = CreateRoot();

        Assert.Throws<InvalidOperationException>(() => Issue(root, now: Now.AddDays(daysFromNow)));
    }

    [Fact]
    public void Issue_NonPositiveTtl_Throws()
    {
        using var root = CreateRoot();

        Assert.Throws<ArgumentOutOfRangeException>(() => Issue(root, ttl: TimeSpan.Zero));
    }

    [Fact]
    public void Issue_UnderIntermediate_ChainIsLeafThenIntermediate()
    {
        using var root = CreateRoot();
        using var intermediate = CreateIntermediate(root);

        var svid = Issue(intermediate);

        Assert.Equal([svid.Leaf.RawData, intermediate.Certificate.RawData], svid.Chain.Select(c => c.RawData));
    }

    [Fact]
    public void Issue_UnderRoot_ChainIsTheLeafAlone()
    {
        using var root = CreateRoot();

        var svid = Issue(root);

        Assert.Equal(svid.Leaf.RawData, Assert.Single(svid.Chain).RawData);
    }

    [Fact]
    public void ToPem_UnderIntermediate_LeafBlockFirst()
    {
        using var root = CreateRoot();
        using var intermediate = CreateIntermediate(root);
        var svid = Issue(intermediate);

        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(svid.ToPem());

        Assert.Equal([svid.Leaf.RawData, intermediate.Certificate.RawData], certificates.Select(c => c.RawData));
    }
}
