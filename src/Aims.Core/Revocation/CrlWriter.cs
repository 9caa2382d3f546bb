using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using Aims.Core.Authority;

namespace Aims.Core.Revocation;

/// <summary>
/// Writes a CA's X.509 v2 CRL (RFC 5280 §5): issuer = the CA's subject, signed by the CA key with ECDSA (SHA-256 on
/// P-256), with the CRL number and the authority key identifier extensions (§5.2.3, §5.2.1) and a reason code on
/// every entry that has one (§5.3.1).
/// </summary>
public static class CrlWriter
{
    public static byte[] Write(
        CertificateAuthority ca, IEnumerable<RevokedCertificate> entries, long crlNumber, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate)
    {
        ArgumentNullException.ThrowIfNull(ca);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentOutOfRangeException.ThrowIfNegative(crlNumber);
        thisUpdate = CrlSchedule.WholeSeconds(thisUpdate);
        nextUpdate = CrlSchedule.WholeSeconds(nextUpdate);
        if (nextUpdate <= thisUpdate)
            throw new ArgumentException("nextUpdate must be later than thisUpdate.", nameof(nextUpdate));

        var builder = new CertificateRevocationListBuilder();
        foreach (var entry in entries.OrderBy(e => e.SerialNumberHex, StringComparer.Ordinal))
        {
            builder.AddEntry(
                Convert.FromHexString(entry.SerialNumberHex),
                CrlSchedule.WholeSeconds(entry.RevokedAt),
                entry.Reason == RevocationReason.Unspecified ? null : (X509RevocationReason)(int)entry.Reason);
        }

        return builder.Build(
            ca.Certificate.SubjectName,
            X509SignatureGenerator.CreateForECDsa(ca.PrivateKey),
            new BigInteger(crlNumber),
            nextUpdate,
            CertificateAuthorityFactory.SignatureHash(ca.PrivateKey),
            CertificateAuthorityFactory.AuthorityKeyIdentifier(ca.Certificate),
            thisUpdate);
    }
}
