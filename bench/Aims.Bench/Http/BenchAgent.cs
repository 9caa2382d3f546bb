using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aims.Bench.Http;

/// <summary>
/// One agent of the HTTP benchmark: its own P-256 key, and once attested its X509-SVID with that key, which
/// authenticates it over mTLS to ask for more JWT-SVIDs (<c>POST /v1/svid/jwt</c>).
/// </summary>
internal sealed class BenchAgent(string id) : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private X509Certificate2? _certificate;

    /// <summary>The SPIFFE ID, which is also the client_id.</summary>
    public string Id { get; } = id;

    /// <summary>The mTLS client; set once the agent is attested.</summary>
    public HttpClient? Mtls { get; private set; }

    public string CsrPem() => new CertificateRequest("CN=aims-bench-agent", _key, HashAlgorithmName.SHA256).CreateSigningRequestPem();

    /// <summary>Keeps the issued X509-SVID (leaf first in <paramref name="chainPem"/>) and opens the mTLS client with it.</summary>
    public void Attested(string chainPem, Func<X509Certificate2, HttpClient> mtlsClient)
    {
        using var leaf = X509Certificate2.CreateFromPem(chainPem);
        using var withKey = leaf.CopyWithPrivateKey(_key);
        // Through PKCS#12, so that SslStream on Linux can sign with the key as a client certificate.
        _certificate = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        Mtls = mtlsClient(_certificate);
    }

    public void Dispose()
    {
        Mtls?.Dispose();
        _certificate?.Dispose();
        _key.Dispose();
    }
}
