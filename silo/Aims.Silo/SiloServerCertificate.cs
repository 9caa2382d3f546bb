using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aims.Silo;

/// <summary>
/// The TLS certificate of the HTTPS endpoint. Starts as a self-signed localhost certificate so Kestrel can bind
/// before the cluster is up; <see cref="AuthorityStartup"/> may replace it.
/// </summary>
public sealed class SiloServerCertificate : IDisposable
{
    private X509Certificate2 _current = CreateSelfSigned();

    public X509Certificate2 Current => Volatile.Read(ref _current);

    /// <summary>Swaps in a new certificate; the old one stays alive for handshakes already holding it.</summary>
    public void Replace(X509Certificate2 certificate) => Volatile.Write(ref _current, certificate);

    public void Dispose() => _current.Dispose();

    private static X509Certificate2 CreateSelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=aims-silo", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var cert = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(30));
        // Round-trip through PKCS#12 so the key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }
}
