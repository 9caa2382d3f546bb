using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aims.Core.Authority;
using Aims.Core.Credentials;
using static Aims.Core.Tests.Credentials.X509TestAuthority;

namespace Aims.Core.Tests.Credentials;

/// <summary>
/// The hand-encoded leaf is the certificate <see cref="CertificateRequest"/> would have built from the same inputs,
/// and the platform decoder reads from it what the DER reader reads.
/// </summary>
public sealed class X509SvidIssuerEncodingTests
{
    [Theory]
    [InlineData("EC P-256 key under P-256 CA")]
    [InlineData("RSA key")]
    [InlineData("P-384 CA")]
    [InlineData("server names")]
    [InlineData("validity after 2050")]
    [InlineData("serial with high bit after a zero octet")]
    [InlineData("serial with a redundant zero octet")]
    public void Issue_AnyProfile_ToBeSignedEqualsCertificateRequestEncoding(string scenario)
    {
        var now = scenario == "validity after 2050" ? new DateTimeOffset(2050, 1, 1, 0, 0, 5, TimeSpan.Zero) : Now;
        using var root = scenario switch
        {
            "P-384 CA" => CreateRoot(curve: ECCurve.NamedCurves.nistP384),
            "validity after 2050" => CreateRoot(notBefore: now.AddDays(-1), notAfter: now.AddDays(30)),
            _ => CreateRoot(),
        };
        using var rsa = RSA.Create(2048);
        var csr = scenario == "RSA key" ? Csr(rsa) : EcCsr();
        ServerName[] serverNames = scenario == "server names" ? [ServerName.Parse("silo.aims.test"), ServerName.Parse("10.0.0.7")] : [];
        byte[] serial = scenario switch
        {
            "serial with high bit after a zero octet" => [0x00, 0x80, 0x01],
            "serial with a redundant zero octet" => [0x00, 0x01, 0x02],
            _ => CertificateSerialNumber.Create(),
        };

        var svid = X509SvidIssuer.Issue(root, AgentId, csr, now, TimeSpan.FromHours(1), serial, serverNames: serverNames);

        var expected = ReferenceLeaf(root, csr, svid, serial, serverNames);
        Assert.Equal(ToBeSigned(expected.RawData), ToBeSigned(svid.LeafDer.ToArray()));
    }

    [Fact]
    public void Issue_Leaf_PlatformDecoderReadsWhatTheDerReaderReads()
    {
        using var root = CreateRoot();
        var svid = X509SvidIssuer.Issue(
            root, AgentId, EcCsr(), Now.AddSeconds(0.7), TimeSpan.FromHours(1), CertificateSerialNumber.Create(), serverNames: [ServerName.Parse("silo.aims.test")]);

        using var loaded = X509CertificateLoader.LoadCertificate(svid.LeafDer.Span);
        Assert.True(X509CertificateFacts.TryRead(svid.LeafDer, out var fromDer, out var problem), problem);
        Assert.True(X509CertificateFacts.TryRead(loaded, out var fromCertificate, out problem), problem);

        Assert.Equal(loaded.SerialNumber, svid.SerialNumberHex);
        Assert.Equal(CertificateValidity.NotBefore(loaded), svid.NotBefore);
        Assert.Equal(CertificateValidity.NotAfter(loaded), svid.NotAfter);
        Assert.Equal(Now.AddSeconds(-10), svid.NotBefore);
        Assert.Equal(root.Certificate.SubjectName.RawData, fromDer.IssuerName.ToArray());
        Assert.Equal(loaded.IssuerName.RawData, fromDer.IssuerName.ToArray());
        Assert.Equal(loaded.SubjectName.RawData, fromDer.SubjectName.ToArray());
        Assert.Equal(loaded.PublicKey.ExportSubjectPublicKeyInfo(), fromDer.SubjectPublicKeyInfo.ToArray());
        Assert.Equal(
            loaded.Extensions.Select(e => (e.Oid!.Value, e.Critical)),
            [("2.5.29.19", true), ("2.5.29.15", true), ("2.5.29.37", false), ("2.5.29.17", true), ("2.5.29.14", false), ("2.5.29.35", false)]);
        Assert.Equal(loaded.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages, fromDer.KeyUsage);
        Assert.Equal(loaded.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifierBytes.ToArray(), fromDer.SubjectKeyId!.Value.ToArray());
        Assert.Equal(loaded.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single().KeyIdentifier!.Value.ToArray(), fromDer.AuthorityKeyId!.Value.ToArray());
        Assert.Equal(["silo.aims.test"], loaded.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        Assert.Equal([AgentId.ToString()], fromDer.UriNames);
        AssertSameFacts(fromCertificate, fromDer);
    }

    [Fact]
    public void Leaf_AccessedTwice_IsDecodedOnceFromLeafDer()
    {
        using var root = CreateRoot();
        using var intermediate = CreateIntermediate(root);
        var svid = Issue(intermediate);

        var leaf = svid.Leaf;

        Assert.Same(leaf, svid.Leaf);
        Assert.Equal(svid.LeafDer.ToArray(), leaf.RawData);
        Assert.Same(intermediate.Certificate, svid.Chain[1]);
        Assert.Same(leaf, svid.Chain[0]);
    }

    [Fact]
    public void ToPem_WithoutDecodingTheLeaf_EqualsPlatformPemOfTheChain()
    {
        using var root = CreateRoot();
        using var intermediate = CreateIntermediate(root);
        var svid = Issue(intermediate);

        var pem = svid.ToPem();

        using var leaf = X509CertificateLoader.LoadCertificate(svid.LeafDer.Span);
        Assert.Equal(leaf.ExportCertificatePem() + "\n" + intermediate.Certificate.ExportCertificatePem() + "\n", pem);
    }

    private static void AssertSameFacts(X509CertificateFacts expected, X509CertificateFacts actual)
    {
        Assert.Equal(expected.SerialNumberHex, actual.SerialNumberHex);
        Assert.Equal(expected.NotBefore, actual.NotBefore);
        Assert.Equal(expected.NotAfter, actual.NotAfter);
        Assert.Equal(expected.Issuer, actual.Issuer);
        Assert.Equal(expected.Subject, actual.Subject);
        Assert.Equal(expected.HasBasicConstraints, actual.HasBasicConstraints);
        Assert.Equal(expected.IsCertificateAuthority, actual.IsCertificateAuthority);
        Assert.Equal(expected.PathLength, actual.PathLength);
        Assert.Equal(expected.KeyUsage, actual.KeyUsage);
        Assert.Equal(expected.KeyUsageIsCritical, actual.KeyUsageIsCritical);
        Assert.Equal(expected.ExtendedKeyUsages, actual.ExtendedKeyUsages);
        Assert.Equal(expected.UriNames, actual.UriNames);
        Assert.Equal(expected.UnprocessedCriticalExtension, actual.UnprocessedCriticalExtension);
    }

    // What X509SvidIssuer built with CertificateRequest before it encoded leaves itself.
    private static X509Certificate2 ReferenceLeaf(CertificateAuthority ca, CertificateSigningRequest csr, X509Svid svid, byte[] serial, ServerName[] serverNames)
    {
        var hash = ca.PrivateKey.KeySize == 384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;
        var request = new CertificateRequest(new X500DistinguishedName([0x30, 0x00]), csr.PublicKey, hash);
        var usage = csr.IsRsa ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment : X509KeyUsageFlags.DigitalSignature;
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509UriSan.Create(AgentId.ToString(), critical: true, serverNames));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(csr.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(
            ca.Certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single()));
        return request.Create(ca.Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(ca.PrivateKey), svid.NotBefore, svid.NotAfter, serial);
    }

    private static byte[] ToBeSigned(byte[] certificate) =>
        X509SignedData.TryRead(certificate, out var signed) ? signed.ToBeSigned.ToArray() : throw new InvalidOperationException("not a certificate");
}
