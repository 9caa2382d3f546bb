using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aims.Core.Authority;
using Aims.Core.Credentials;
using Aims.Core.Identity;

namespace Aims.Core.Tests.Credentials;

/// <summary>Builds CAs, CSRs and hand-crafted leaves for the X.509 tests. Every time is an argument.</summary>
internal static class X509TestAuthority
{
    public static readonly DateTimeOffset Now = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly TrustDomain Domain = TrustDomain.Parse("aims.test");

    public static readonly SpiffeId AgentId = Domain.NewId("/agents/data-analyst");

    public static CertificateAuthority CreateRoot(TrustDomain? trustDomain = null, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, ECCurve? curve = null)
    {
        var key = ECDsa.Create(curve ?? ECCurve.NamedCurves.nistP256);
        var certificate = CertificateAuthorityFactory.CreateSelfSignedRoot(
            trustDomain ?? Domain, key, notBefore ?? Now.AddDays(-1), notAfter ?? Now.AddDays(30), CertificateSerialNumber.Create());
        return new CertificateAuthority(certificate, key, []);
    }

    public static CertificateAuthority CreateIntermediate(CertificateAuthority upstream, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var certificate = CertificateAuthorityFactory.CreateIntermediate(
            Domain, key, upstream, notBefore ?? Now.AddDays(-1), notAfter ?? Now.AddDays(7), CertificateSerialNumber.Create());
        return new CertificateAuthority(certificate, key, CertificateAuthorityFactory.ChainAbove(upstream));
    }

    public static CertificateSigningRequest Csr(AsymmetricAlgorithm key, string subject = "CN=ignored")
    {
        var request = key switch
        {
            ECDsa ec => new CertificateRequest(subject, ec, HashAlgorithmName.SHA256),
            RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => throw new ArgumentException("EC or RSA only", nameof(key)),
        };
        return Parse(request.CreateSigningRequest());
    }

    public static CertificateSigningRequest EcCsr() => Csr(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    public static CertificateSigningRequest Parse(byte[] der) =>
        CertificateSigningRequest.TryParse(der, out var csr, out var error) ? csr : throw new InvalidOperationException(error);

    public static X509Svid Issue(CertificateAuthority ca, DateTimeOffset? now = null, TimeSpan? ttl = null, SpiffeId? id = null) =>
        X509SvidIssuer.Issue(ca, id ?? AgentId, EcCsr(), now ?? Now, ttl ?? TimeSpan.FromHours(1), CertificateSerialNumber.Create());

    public static X509Bundle Bundle(params CertificateAuthority[] authorities) =>
        new(Domain, [.. authorities.Select(a => a.Certificate)]);

    /// <summary>The extensions of a well-formed X509-SVID leaf for <paramref name="id"/>; tests remove or replace some.</summary>
    public static List<X509Extension> LeafExtensions(PublicKey key, CertificateAuthority ca, params string[] uris)
    {
        return
        [
            new X509BasicConstraintsExtension(false, false, 0, true),
            new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true),
            new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false),
            UriSan(true, uris.Length == 0 ? [AgentId.ToString()] : uris),
            new X509SubjectKeyIdentifierExtension(key, false),
            X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca.Certificate, true, false),
        ];
    }

    /// <summary>A leaf signed by <paramref name="ca"/> with exactly the given extensions, bypassing the issuer's profile.</summary>
    public static X509Certificate2 CraftLeaf(
        CertificateAuthority ca, Func<PublicKey, List<X509Extension>, IEnumerable<X509Extension>> extensions, string subject = "", DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName(subject), key, HashAlgorithmName.SHA256);
        foreach (var extension in extensions(request.PublicKey, LeafExtensions(request.PublicKey, ca)))
            request.CertificateExtensions.Add(extension);
        return request.Create(ca.Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(ca.PrivateKey), notBefore ?? Now.AddMinutes(-1), notAfter ?? Now.AddHours(1), CertificateSerialNumber.Create());
    }

    /// <summary>The defects of X509-SVID §4–5 a leaf can have, by name, for table-driven tests.</summary>
    public static readonly string[] ProfileDefects =
    [
        "two URI SANs", "no URI SAN", "URI SAN not SPIFFE", "root path", "cA=true", "no key usage", "key usage not critical",
        "no digitalSignature", "keyCertSign", "cRLSign", "EKU without clientAuth", "unknown critical extension",
    ];

    /// <summary>A leaf signed by <paramref name="ca"/> that breaks the X509-SVID profile in the one way <paramref name="defect"/> names.</summary>
    public static X509Certificate2 CraftDefectiveLeaf(CertificateAuthority ca, string defect) =>
        CraftLeaf(ca, (_, extensions) => defect switch
        {
            "two URI SANs" => Replace(extensions, UriSan(true, AgentId.ToString(), Domain.NewId("/other").ToString())),
            "no URI SAN" => extensions.Where(e => e.Oid!.Value != "2.5.29.17").Append(new X509SubjectAlternativeNameExtension(DnsSan(), false)),
            "URI SAN not SPIFFE" => Replace(extensions, UriSan(true, "https://aims.test/agents/a")),
            "root path" => Replace(extensions, UriSan(true, Domain.IdString)),
            "cA=true" => Replace(extensions, new X509BasicConstraintsExtension(true, false, 0, true)),
            "no key usage" => extensions.Where(e => e is not X509KeyUsageExtension),
            "key usage not critical" => Replace(extensions, new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, false)),
            "no digitalSignature" => Replace(extensions, new X509KeyUsageExtension(X509KeyUsageFlags.KeyAgreement, true)),
            "keyCertSign" => Replace(extensions, new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true)),
            "cRLSign" => Replace(extensions, new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.CrlSign, true)),
            "EKU without clientAuth" => Replace(extensions, new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)),
            "unknown critical extension" => extensions.Append(new X509Extension("1.2.3.4", [0x05, 0x00], true)),
            _ => throw new ArgumentOutOfRangeException(nameof(defect)),
        }, subject: defect == "no URI SAN" ? "CN=agent" : "");

    /// <summary>
    /// A leaf DER signed by <paramref name="ca"/> with exactly the given extensions, encoded by hand so that it can
    /// break rules <see cref="CertificateRequest"/> enforces (duplicate extensions, undecodable values, mismatched
    /// algorithms).
    /// </summary>
    public static byte[] CraftLeafDer(CertificateAuthority ca, IEnumerable<X509Extension> extensions, byte[]? innerAlgorithm = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var algorithm = AlgorithmIdentifier("1.2.840.10045.4.3.2");
        var toBeSigned = X509CertificateWriter.ToBeSigned(
            CertificateSerialNumber.Create(), innerAlgorithm ?? algorithm, ca.Certificate.SubjectName.RawData, Now.AddMinutes(-1), Now.AddHours(1),
            [0x30, 0x00], key.ExportSubjectPublicKeyInfo(), [.. extensions.Select(e => new X509CertificateWriter.Extension(e.Oid!.Value!, e.Critical, e.RawData))]);
        var signature = ca.PrivateKey.SignData(toBeSigned, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return X509CertificateWriter.Certificate(toBeSigned, algorithm, signature);
    }

    public static byte[] AlgorithmIdentifier(string oid)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
            writer.WriteObjectIdentifier(oid);
        return writer.Encode();
    }

    public static X509Extension UriSan(bool critical, params string[] uris)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var uri in uris)
                writer.WriteCharacterString(UniversalTagNumber.IA5String, uri, new Asn1Tag(TagClass.ContextSpecific, 6));
        }

        return new X509Extension("2.5.29.17", writer.Encode(), critical);
    }

    private static IEnumerable<X509Extension> Replace(List<X509Extension> extensions, X509Extension replacement) =>
        extensions.Select(e => e.Oid!.Value == replacement.Oid!.Value ? replacement : e);

    private static byte[] DnsSan()
    {
        var builder = new SubjectAlternativeNameBuilder();
        builder.AddDnsName("agent.aims.test");
        return builder.Build().RawData;
    }
}
