using System.Security.Cryptography;
using Aims.Core.Identity;
using Aims.Core.Jose;

namespace Aims.Core.Authority;

/// <summary>Generates P-256 keys for the three kinds of authority slot; a CA key also gets its certificate.</summary>
public static class AuthorityKeyFactory
{
    public static GeneratedKey Generate(KeyKind kind, TrustDomain trustDomain, DateTimeOffset now, KeyLifetime lifetime, CertificateAuthority? upstream)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var notAfter = now + lifetime.Lifetime;
        byte[]? certificate = null;
        string kid;
        if (kind == KeyKind.X509Authority)
        {
            var serial = CertificateSerialNumber.Create();
            using var cert = upstream is null
                ? CertificateAuthorityFactory.CreateSelfSignedRoot(trustDomain, key, now, notAfter, serial)
                : CertificateAuthorityFactory.CreateIntermediate(trustDomain, key, upstream, now, notAfter, serial);
            certificate = cert.RawData;
            notAfter = cert.NotAfter.ToUniversalTime();
            kid = Convert.ToHexStringLower(serial);
        }
        else
        {
            // RFC 7638 thumbprint: stable, unique per key, and reveals nothing.
            kid = JsonWebKey.FromECDsa(key).Thumbprint();
        }

        var slot = new KeySlot(kid, kind, KeySlotState.Prepared, now, notAfter);
        return new GeneratedKey(slot, key.ExportPkcs8PrivateKey(), certificate);
    }
}
