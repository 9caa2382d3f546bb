using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aims.Silo.Tests;

/// <summary>An agent's own P-256 key pair: the CSR it sends, and its issued X509-SVID combined with the private key for mTLS.</summary>
internal sealed class AgentKey : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>A PKCS#10 request signed by this key (the CA only takes the public key from it).</summary>
    public string CsrPem()
    {
        var request = new CertificateRequest("CN=aims-test-agent", _key, HashAlgorithmName.SHA256);
        return request.CreateSigningRequestPem();
    }

    /// <summary>The DER SubjectPublicKeyInfo of this key.</summary>
    public byte[] SubjectPublicKeyInfo() => _key.ExportSubjectPublicKeyInfo();

    /// <summary>The public key as a JWK (for a WIT's <c>cnf.jwk</c>).</summary>
    public object PublicJwk()
    {
        var p = _key.ExportParameters(includePrivateParameters: false);
        return new { kty = "EC", crv = "P-256", x = Base64Url.EncodeToString(p.Q.X), y = Base64Url.EncodeToString(p.Q.Y) };
    }

    /// <summary>This key as the signer of WPTs (draft-ietf-wimse-wpt) for a WIT bound to <see cref="PublicJwk"/>.</summary>
    public Aims.Core.Wimse.WptSigner ProofSigner() => Aims.Core.Wimse.WptSigner.FromECDsa(_key);

    /// <summary>
    /// The leaf of <paramref name="chainPem"/> (leaf first) with this key attached, round-tripped through PKCS#12 so
    /// that SslStream on Linux can sign with it as a client certificate.
    /// </summary>
    public X509Certificate2 ClientCertificate(string chainPem)
    {
        using var leaf = Leaf(chainPem);
        using var withKey = leaf.CopyWithPrivateKey(_key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>A self-signed certificate for this key that looks like an X509-SVID of <paramref name="spiffeId"/> but was issued by nobody the silo trusts.</summary>
    public X509Certificate2 ForeignCertificate(string spiffeId)
    {
        var request = new CertificateRequest("CN=foreign", _key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(spiffeId));
        request.CertificateExtensions.Add(san.Build(critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2"), new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        var now = DateTimeOffset.UtcNow;
        using var self = request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(self.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>The first certificate of a PEM chain.</summary>
    public static X509Certificate2 Leaf(string chainPem) => X509Certificate2.CreateFromPem(chainPem);

    /// <summary>Every certificate of a PEM chain, leaf first.</summary>
    public static X509Certificate2Collection Chain(string chainPem)
    {
        var all = new X509Certificate2Collection();
        all.ImportFromPem(chainPem);
        return all;
    }

    public void Dispose() => _key.Dispose();
}
