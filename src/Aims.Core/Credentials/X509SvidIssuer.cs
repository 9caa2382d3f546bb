using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
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

    // RFC 5280 §4.1.2.6: an empty subject is the empty RDNSequence.
    private static readonly byte[] EmptySubject = [0x30, 0x00];

    // RFC 5758 §3.2: ecdsa-with-SHA256/384 AlgorithmIdentifiers carry no parameters.
    private static readonly byte[] EcdsaWithSha256 = AlgorithmIdentifier(X509Oids.EcdsaWithSha256);
    private static readonly byte[] EcdsaWithSha384 = AlgorithmIdentifier(X509Oids.EcdsaWithSha384);

    // RFC 5280 §4.2.1.9, §4.2.1.3, §4.2.1.12: the fixed extension values of the profile.
    private static readonly byte[] LeafBasicConstraints = new X509BasicConstraintsExtension(false, false, 0, true).RawData;
    private static readonly byte[] EcKeyUsage = new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true).RawData;
    private static readonly byte[] RsaKeyUsage =
        new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true).RawData;
    private static readonly byte[] ServerAndClientAuth = new X509EnhancedKeyUsageExtension(
        [new Oid(X509Oids.ServerAuth, "Server Authentication"), new Oid(X509Oids.ClientAuth, "Client Authentication")], false).RawData;

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

        var hash = CertificateAuthorityFactory.SignatureHash(ca.PrivateKey);
        var algorithm = hash == HashAlgorithmName.SHA384 ? EcdsaWithSha384 : EcdsaWithSha256;
        var toBeSigned = X509CertificateWriter.ToBeSigned(
            serial, algorithm, ca.Certificate.SubjectName.RawData, notBefore, notAfter, EmptySubject,
            csr.PublicKey.ExportSubjectPublicKeyInfo(), Extensions(ca, id, csr, serverNames));
        var signature = ca.PrivateKey.SignData(toBeSigned, hash, DSASignatureFormat.Rfc3279DerSequence);
        var leafDer = X509CertificateWriter.Certificate(toBeSigned, algorithm, signature);

        // STYLE habit 6, mint then verify: the whole chain passes the relying party's validator against the
        // published bundle (or our CA certificate when none is given), read from DER like any presented chain.
        if (!X509CertificateFacts.TryRead(leafDer, out var leaf, out var problem))
            throw new InvalidOperationException($"The minted X509-SVID for {id} cannot be read back: {problem}");
        var above = CertificateAuthorityFactory.ChainAbove(ca);
        var check = verifyAgainst is null
            ? X509SvidValidator.ValidateFacts([leaf], new X509Bundle(id.TrustDomain, [ca.Certificate]), now)
            : X509SvidValidator.ValidateFacts([leaf, .. above.Select(ReadChainCertificate)], verifyAgainst, now);
        if (!check.IsValid)
            throw new InvalidOperationException($"The minted X509-SVID for {id} fails validation: {check}");

        var svid = check.Value;
        return new X509Svid(
            svid.Id, [leafDer, .. above.Select(c => c.RawDataMemory)], [null, .. above], svid.SerialNumberHex, svid.NotBefore, svid.NotAfter);
    }

    // X509-SVID §4; RFC 5280 §4.2.1.1–3, §4.2.1.6, §4.2.1.9, §4.2.1.12.
    private static X509CertificateWriter.Extension[] Extensions(
        CertificateAuthority ca, SpiffeId id, CertificateSigningRequest csr, IReadOnlyList<ServerName>? serverNames) =>
    [
        new(X509Oids.BasicConstraints, true, LeafBasicConstraints),
        new(X509Oids.KeyUsage, true, csr.IsRsa ? RsaKeyUsage : EcKeyUsage),
        new(X509Oids.ExtendedKeyUsage, false, ServerAndClientAuth),
        new(X509Oids.SubjectAlternativeName, true, X509UriSan.Encode(id.ToString(), serverNames)),
        new(X509Oids.SubjectKeyIdentifier, false, SubjectKeyIdentifier(csr.PublicKey)),
        new(X509Oids.AuthorityKeyIdentifier, false, CertificateAuthorityFactory.AuthorityKeyIdentifier(ca.Certificate).RawData),
    ];

    // RFC 5280 §4.2.1.2 method (1): the SHA-1 of the subjectPublicKey BIT STRING's value, as an OCTET STRING.
    [SuppressMessage("Security", "CA5350", Justification = "RFC 5280 §4.2.1.2 names SHA-1 for a key identifier, which needs no collision resistance.")]
    private static byte[] SubjectKeyIdentifier(PublicKey key)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteOctetString(SHA1.HashData(key.EncodedKeyValue.RawData));
        return writer.Encode();
    }

    private static byte[] AlgorithmIdentifier(string oid)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
            writer.WriteObjectIdentifier(oid);
        return writer.Encode();
    }

    private static X509CertificateFacts ReadChainCertificate(X509Certificate2 certificate) =>
        X509CertificateFacts.TryRead(certificate, out var facts, out var problem)
            ? facts
            : throw new InvalidOperationException($"The CA chain certificate \"{certificate.Subject}\" is unusable: {problem}");

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
