using System.Security.Cryptography.X509Certificates;
using Aims.Core.Identity;

namespace Aims.Core.Credentials;

/// <summary>
/// The SPIFFE ID a certificate claims (its single <c>spiffe</c> URI SAN, X509-SVID §2), read without checking
/// anything else. For choosing which trust domain's bundle validates the certificate, never for trusting it:
/// <see cref="X509SvidValidator"/> decides that.
/// </summary>
public static class X509SvidClaimedId
{
    private const string SubjectAlternativeNameOid = "2.5.29.17";

    /// <returns>The claimed SPIFFE ID; null when the certificate has no SAN, no valid one, or more than one SPIFFE ID.</returns>
    public static SpiffeId? Read(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (certificate.Extensions[SubjectAlternativeNameOid] is not { } san || !X509UriSan.TryRead(san.RawData, out var uris))
            return null;
        var spiffe = uris.Where(u => u.StartsWith("spiffe://", StringComparison.OrdinalIgnoreCase)).ToList();
        return spiffe.Count == 1 && SpiffeId.TryParse(spiffe[0], out var id) ? id : null;
    }
}
