using System.Security.Cryptography.X509Certificates;
using System.Text;
using Aims.Core.Identity;

namespace Aims.Core.Credentials;

/// <summary>
/// An X509-SVID (X509-SVID §2): the leaf certificate carrying <see cref="Id"/> as its only URI SAN, and the
/// chain a peer needs to reach the trust domain's authority.
/// </summary>
/// <param name="Chain">Leaf first, then the intermediates up to, not including, the trust anchor.</param>
/// <param name="SerialNumberHex">The leaf's serial number as <see cref="X509Certificate2.SerialNumber"/> prints it: big-endian uppercase hex.</param>
public sealed record X509Svid(
    SpiffeId Id,
    X509Certificate2 Leaf,
    IReadOnlyList<X509Certificate2> Chain,
    string SerialNumberHex,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter)
{
    /// <summary>The chain as concatenated PEM CERTIFICATE blocks, leaf first (RFC 7468 §5).</summary>
    public string ToPem()
    {
        var pem = new StringBuilder();
        foreach (var certificate in Chain)
            pem.Append(certificate.ExportCertificatePem()).Append('\n');
        return pem.ToString();
    }
}
