using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aims.Core.Credentials;
using Aims.Core.Identity;

namespace Aims.Core.Authority;

/// <summary>
/// Creates and loads the X.509 signing certificates of a trust domain (X509-SVID §3.2): a self-signed root,
/// or an intermediate under an upstream CA given in configuration. Every signing certificate carries the trust
/// domain's own SPIFFE ID as its URI SAN (SPIFFE-ID §3.1; X509-SVID §3.2: no path).
/// </summary>
public static class CertificateAuthorityFactory
{
    private const string Organization = "Aims.Orleans";

    // RFC 5280 Appendix A.1: ub-common-name is 64 characters.
    private const int MaxCommonNameLength = 64;

    /// <summary>A self-signed root CA for <paramref name="trustDomain"/>, signed with <paramref name="key"/> (P-256 or P-384).</summary>
    public static X509Certificate2 CreateSelfSignedRoot(
        TrustDomain trustDomain, ECDsa key, DateTimeOffset notBefore, DateTimeOffset notAfter, byte[] serial)
    {
        ArgumentNullException.ThrowIfNull(trustDomain);
        ArgumentNullException.ThrowIfNull(key);
        CertificateSerialNumber.Validate(serial, nameof(serial));
        var hash = CheckAuthorityKey(key, nameof(key));
        if (notAfter <= notBefore)
            throw new ArgumentException("notAfter must be later than notBefore.", nameof(notAfter));

        var request = CreateAuthorityRequest(trustDomain, key, "root", serial, hash);
        var subjectKeyId = request.CertificateExtensions.OfType<X509SubjectKeyIdentifierExtension>().Single();
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(subjectKeyId));
        return request.Create(request.SubjectName, X509SignatureGenerator.CreateForECDsa(key), notBefore, notAfter, serial);
    }

    /// <summary>
    /// Our CA certificate for <paramref name="trustDomain"/>, signed by <paramref name="upstream"/>. The window is
    /// clamped into the upstream chain's, so the intermediate never outlives what signed it.
    /// </summary>
    public static X509Certificate2 CreateIntermediate(
        TrustDomain trustDomain, ECDsa key, CertificateAuthority upstream, DateTimeOffset notBefore, DateTimeOffset notAfter, byte[] serial)
    {
        ArgumentNullException.ThrowIfNull(trustDomain);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(upstream);
        CertificateSerialNumber.Validate(serial, nameof(serial));
        CheckAuthorityKey(key, nameof(key));
        var upstreamHash = CheckAuthorityKey(upstream.PrivateKey, nameof(upstream));

        foreach (var certificate in ChainAbove(upstream).Prepend(upstream.Certificate))
        {
            notBefore = Max(notBefore, CertificateValidity.NotBefore(certificate));
            notAfter = Min(notAfter, CertificateValidity.NotAfter(certificate));
        }

        if (notAfter <= notBefore)
            throw new ArgumentException("The requested validity does not overlap the upstream CA's; renew the upstream CA.", nameof(notAfter));

        var request = CreateAuthorityRequest(trustDomain, key, "intermediate", serial, upstreamHash);
        request.CertificateExtensions.Add(AuthorityKeyIdentifier(upstream.Certificate));
        return request.Create(upstream.Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(upstream.PrivateKey), notBefore, notAfter, serial);
    }

    /// <summary>
    /// The <see cref="CertificateAuthority.Intermediates"/> of a CA whose certificate <paramref name="upstream"/>
    /// signed: the upstream certificate and its own intermediates, unless the upstream is itself the root.
    /// </summary>
    public static IReadOnlyList<X509Certificate2> ChainAbove(CertificateAuthority upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        return upstream.IsRoot ? [] : [upstream.Certificate, .. upstream.Intermediates];
    }

    /// <summary>
    /// Loads the upstream CA from configuration. <paramref name="certificatePem"/> holds CERTIFICATE blocks: the
    /// upstream CA first, then the certificates above it in order, optionally ending with the self-signed root.
    /// The root, if present, is not kept in <see cref="CertificateAuthority.Intermediates"/>; get it with
    /// <see cref="LoadUpstreamRoots"/>. <paramref name="keyPem"/> is the upstream CA's unencrypted EC private key
    /// (PKCS#8 or SEC 1). Throws <see cref="ArgumentException"/> with the reason when the material is unusable.
    /// </summary>
    public static CertificateAuthority LoadUpstream(string certificatePem, string keyPem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyPem);
        var chain = LoadChain(certificatePem);
        var upstream = chain[0];

        if (!X509CertificateFacts.TryRead(upstream, out var facts, out var problem))
            throw new ArgumentException($"The upstream CA certificate is unusable: {problem}", nameof(certificatePem));
        if (!facts.IsCertificateAuthority || (facts.KeyUsage is not null && !facts.HasKeyUsage(X509KeyUsageFlags.KeyCertSign)))
            throw new ArgumentException("The first certificate is not a CA: it needs basicConstraints cA=true and, if key usage is present, keyCertSign (RFC 5280 §4.2.1.9).", nameof(certificatePem));

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(keyPem);
            CheckAuthorityKey(key, nameof(keyPem));
            if (!key.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(upstream.PublicKey.ExportSubjectPublicKeyInfo()))
                throw new ArgumentException("The upstream private key does not belong to the first certificate of the upstream PEM.", nameof(keyPem));
        }
        catch (CryptographicException e)
        {
            key.Dispose();
            throw new ArgumentException("The upstream key is not an unencrypted EC private key in PEM (PKCS#8 or SEC 1).", nameof(keyPem), e);
        }
        catch
        {
            key.Dispose();
            throw;
        }

        var intermediates = chain.Skip(1).Where(c => !IsSelfSigned(c)).ToArray();
        return new CertificateAuthority(upstream, key, IsSelfSigned(upstream) ? [] : intermediates);
    }

    /// <summary>
    /// The self-signed root in an upstream PEM, which relying parties put in their bundle; empty when the PEM
    /// stops below the root, in which case the root must be configured separately.
    /// </summary>
    public static IReadOnlyList<X509Certificate2> LoadUpstreamRoots(string certificatePem) =>
        [.. LoadChain(certificatePem).Where(IsSelfSigned)];

    private static X509Certificate2[] LoadChain(string certificatePem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(certificatePem);
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(certificatePem);
        if (collection.Count == 0)
            throw new ArgumentException("The upstream PEM has no CERTIFICATE block.", nameof(certificatePem));

        var chain = collection.ToArray();
        for (var i = 0; i + 1 < chain.Length; i++)
        {
            if (IsSelfSigned(chain[i]))
                throw new ArgumentException($"Certificate {i} of the upstream PEM is a self-signed root, which may only come last.", nameof(certificatePem));
            if (!chain[i].IssuerName.RawData.AsSpan().SequenceEqual(chain[i + 1].SubjectName.RawData)
                || !X509SignedData.TryRead(chain[i].RawDataMemory, out var signed)
                || !signed.VerifyWith(chain[i + 1]))
                throw new ArgumentException($"Certificate {i + 1} of the upstream PEM did not sign certificate {i}; list the upstream CA first, then each issuer in order.", nameof(certificatePem));
        }

        return chain;
    }

    private static bool IsSelfSigned(X509Certificate2 certificate) =>
        certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData)
        && X509SignedData.TryRead(certificate.RawDataMemory, out var signed)
        && signed.VerifyWith(certificate);

    // X509-SVID §3.2, §4.1, §4.3: cA=true and keyCertSign (+ cRLSign), both critical; URI SAN = trust domain ID.
    private static CertificateRequest CreateAuthorityRequest(TrustDomain trustDomain, ECDsa key, string role, byte[] serial, HashAlgorithmName hash)
    {
        // The builder encodes in reverse order of the calls: this yields the conventional O, then CN.
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(CommonName(trustDomain, role, serial));
        name.AddOrganizationName(Organization);

        var request = new CertificateRequest(name.Build(), key, hash);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509UriSan.Create(trustDomain.IdString, critical: false));
        return request;
    }

    private static string CommonName(TrustDomain trustDomain, string role, byte[] serial)
    {
        var suffix = $" {role} {Convert.ToHexStringLower(serial, 0, Math.Min(serial.Length, 4))}";
        var room = MaxCommonNameLength - suffix.Length;
        var domain = trustDomain.Name.Length <= room ? trustDomain.Name : trustDomain.Name[..(room - 3)] + "...";
        return domain + suffix;
    }

    /// <summary>RFC 5280 §4.2.1.1: the issuer's subject key identifier, or the SHA-1 of its key when it has none.</summary>
    internal static X509AuthorityKeyIdentifierExtension AuthorityKeyIdentifier(X509Certificate2 issuer)
    {
        var subjectKeyId = issuer.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()
            ?? new X509SubjectKeyIdentifierExtension(issuer.PublicKey, false);
        return X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(subjectKeyId);
    }

    /// <summary>ECDSA with SHA-256 on P-256 (ES256) and SHA-384 on P-384 (RFC 5758 §3.2), chosen by the signing key.</summary>
    internal static HashAlgorithmName SignatureHash(ECDsa signingKey) =>
        signingKey.KeySize == 384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;

    private static HashAlgorithmName CheckAuthorityKey(ECDsa key, string paramName)
    {
        var curve = key.ExportParameters(false).Curve;
        if (!curve.IsNamed || curve.Oid.Value is not (X509Oids.NistP256 or X509Oids.NistP384))
            throw new ArgumentException($"The CA key is on curve {curve.Oid.Value ?? curve.Oid.FriendlyName}; use P-256 or P-384.", paramName);
        return SignatureHash(key);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
