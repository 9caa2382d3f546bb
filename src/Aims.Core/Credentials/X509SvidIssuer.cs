using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aims.Core.Authority;
using Aims.Core.Identity;

namespace Aims.Core.Credentials;

/// <summary>
/// Signs X509-SVID leaves (X509-SVID §3.1, §4). The leaf's name and extensions come from here alone: the CSR
/// contributes only its public key. Each leaf is checked by <see cref="X509SvidValidator"/> before it is returned.
/// </summary>
/// <remarks>
/// Profile: empty subject with a critical URI SAN holding the SPIFFE ID and nothing else (X509-SVID §2; RFC 5280
/// §4.2.1.6), so no relying party can authorize on a subject name; basicConstraints cA=false, critical;
/// keyUsage digitalSignature, critical, plus keyEncipherment for RSA keys, which TLS 1.2 RSA key transport
/// needs (X509-SVID §4.3; ECDHE needs only digitalSignature, so EC leaves carry no keyAgreement); EKU
/// serverAuth + clientAuth (X509-SVID §4.4); SKI of the leaf key and AKI of the CA (RFC 5280 §4.2.1.1–2);
/// signature ECDSA with SHA-256 on a P-256 CA key.
/// </remarks>
public static class X509SvidIssuer
{
    /// <summary>
    /// notBefore is set this far before the issuance time so that a peer whose clock lags a little accepts the
    /// fresh SVID; SPIRE uses the same 10 seconds.
    /// </summary>
    public static readonly TimeSpan Backdate = TimeSpan.FromSeconds(10);

    private static readonly X500DistinguishedName EmptySubject = new([0x30, 0x00]);

    private static readonly OidCollection ServerAndClientAuth =
    [
        new Oid(X509Oids.ServerAuth, "Server Authentication"),
        new Oid(X509Oids.ClientAuth, "Client Authentication"),
    ];

    /// <summary>
    /// Issues an X509-SVID for <paramref name="id"/>, valid from <paramref name="now"/> minus <see cref="Backdate"/>
    /// to <paramref name="now"/> + <paramref name="ttl"/>, both clamped into the CA chain's validity.
    /// </summary>
    /// <param name="serial">Positive, unique per CA; see <see cref="CertificateSerialNumber.Create"/>.</param>
    /// <exception cref="ArgumentException">The ID has no path, is outside the CA's trust domain, or an argument is out of range.</exception>
    /// <exception cref="InvalidOperationException">The CA is not valid at <paramref name="now"/>, or the minted leaf fails validation.</exception>
    /// <param name="verifyAgainst">The published bundle the leaf must chain to; the CA certificate itself when null.</param>
    /// <param name="serverNames">DNS names or IPs for a server certificate (a silo's TLS endpoint); none for agents.</param>
    public static X509Svid Issue(
        CertificateAuthority ca,
        SpiffeId id,
        CertificateSigningRequest csr,
        DateTimeOffset now,
        TimeSpan ttl,
        byte[] serial,
        X509Bundle? verifyAgainst = null,
        IReadOnlyList<ServerName>? serverNames = null)
    {
        ArgumentNullException.ThrowIfNull(ca);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(csr);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        CertificateSerialNumber.Validate(serial, nameof(serial));

        // X509-SVID §3.1: leaf SPIFFE IDs have a non-root path.
        if (id.Path.Length == 0)
            throw new ArgumentException($"{id} has no path; an X509-SVID leaf needs one (X509-SVID §3.1).", nameof(id));
        CheckTrustDomain(ca.Certificate, id);

        var notBefore = now - Backdate;
        var notAfter = now + ttl;
        foreach (var certificate in ca.Intermediates.Prepend(ca.Certificate))
        {
            var caNotBefore = CertificateValidity.NotBefore(certificate);
            var caNotAfter = CertificateValidity.NotAfter(certificate);
            if (now < caNotBefore || now > caNotAfter)
                throw new InvalidOperationException($"The CA certificate \"{certificate.Subject}\" is not valid at {now:O}; rotate the CA before issuing.");
            notBefore = notBefore < caNotBefore ? caNotBefore : notBefore;
            notAfter = notAfter > caNotAfter ? caNotAfter : notAfter;
        }

        var request = new CertificateRequest(EmptySubject, csr.PublicKey, CertificateAuthorityFactory.SignatureHash(ca.PrivateKey));
        var usage = csr.IsRsa ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment : X509KeyUsageFlags.DigitalSignature;
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(ServerAndClientAuth, false));
        request.CertificateExtensions.Add(X509UriSan.Create(id.ToString(), critical: true, serverNames));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(csr.PublicKey, false));
        request.CertificateExtensions.Add(CertificateAuthorityFactory.AuthorityKeyIdentifier(ca.Certificate));

        var leaf = request.Create(ca.Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(ca.PrivateKey), notBefore, notAfter, serial);

        // STYLE habit 6, mint then verify: the whole chain passes the relying party's validator against the
        // published bundle (or our CA certificate when none is given).
        IReadOnlyList<X509Certificate2> chain = [leaf, .. CertificateAuthorityFactory.ChainAbove(ca)];
        var check = verifyAgainst is null
            ? X509SvidValidator.Validate([leaf], new X509Bundle(id.TrustDomain, [ca.Certificate]), now)
            : X509SvidValidator.Validate(chain, verifyAgainst, now);
        if (!check.IsValid)
            throw new InvalidOperationException($"The minted X509-SVID for {id} fails validation: {check}");

        return check.Value with { Chain = chain };
    }

    // X509-SVID §3.2: a signing certificate's SPIFFE ID, when present, names the trust domain of its leaves.
    private static void CheckTrustDomain(X509Certificate2 caCertificate, SpiffeId id)
    {
        var san = caCertificate.Extensions[X509Oids.SubjectAlternativeName];
        if (san is null || !X509UriSan.TryRead(san.RawData, out var uris))
            return;

        foreach (var uri in uris)
        {
            if (SpiffeId.TryParse(uri, out var caId) && !id.IsMemberOf(caId.TrustDomain))
                throw new ArgumentException($"{id} is outside the trust domain {caId.TrustDomain} of this CA.", nameof(id));
        }
    }
}
