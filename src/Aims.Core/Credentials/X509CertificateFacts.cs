using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aims.Core.Credentials;

/// <summary>
/// What X509-SVID validation needs to know about one certificate, read once from its DER: its signed structure,
/// the TBSCertificate fields (RFC 5280 §4.1.2), the extensions of X509-SVID §4 and the key identifiers that link
/// it to its issuer (RFC 5280 §4.2.1.1–2). Reading never needs an <see cref="X509Certificate2"/>, so a freshly
/// minted leaf is checked by the same rules as a certificate a peer presents.
/// </summary>
internal sealed partial class X509CertificateFacts
{
    private X509CertificateFacts(ReadOnlyMemory<byte> der, X509Certificate2? certificate, X509SignedData signed)
    {
        Der = der;
        Certificate = certificate;
        Signed = signed;
    }

    /// <summary>The whole certificate, as read.</summary>
    public ReadOnlyMemory<byte> Der { get; }

    /// <summary>The decoded certificate when the caller already held one; null for facts read from DER alone.</summary>
    public X509Certificate2? Certificate { get; }

    public X509SignedData Signed { get; }

    /// <summary>The content octets of serialNumber, big-endian (RFC 5280 §4.1.2.2).</summary>
    public ReadOnlyMemory<byte> SerialNumber { get; private set; }

    /// <summary>The serial number as <see cref="X509Certificate2.SerialNumber"/> prints it: uppercase hex.</summary>
    public string SerialNumberHex => Convert.ToHexString(SerialNumber.Span);

    /// <summary>The DER of the issuer Name (RFC 5280 §4.1.2.4).</summary>
    public ReadOnlyMemory<byte> IssuerName { get; private set; }

    /// <summary>The DER of the subject Name (RFC 5280 §4.1.2.6).</summary>
    public ReadOnlyMemory<byte> SubjectName { get; private set; }

    /// <summary>The DER of subjectPublicKeyInfo (RFC 5280 §4.1.2.7).</summary>
    public ReadOnlyMemory<byte> SubjectPublicKeyInfo { get; private set; }

    /// <summary>The issuer as text, for error details.</summary>
    public string Issuer => Certificate?.Issuer ?? new X500DistinguishedName(IssuerName.Span).Name;

    /// <summary>The subject as text, for error details.</summary>
    public string Subject => Certificate?.Subject ?? new X500DistinguishedName(SubjectName.Span).Name;

    public DateTimeOffset NotBefore { get; private set; }

    public DateTimeOffset NotAfter { get; private set; }

    public bool HasBasicConstraints { get; private set; }

    public bool IsCertificateAuthority { get; private set; }

    /// <summary>pathLenConstraint, or null when absent (RFC 5280 §4.2.1.9).</summary>
    public int? PathLength { get; private set; }

    /// <summary>Null when the certificate has no key usage extension.</summary>
    public X509KeyUsageFlags? KeyUsage { get; private set; }

    public bool KeyUsageIsCritical { get; private set; }

    /// <summary>Null when the certificate has no extended key usage extension.</summary>
    public IReadOnlyList<string>? ExtendedKeyUsages { get; private set; }

    public IReadOnlyList<string> UriNames { get; private set; } = [];

    public ReadOnlyMemory<byte>? SubjectKeyId { get; private set; }

    public ReadOnlyMemory<byte>? AuthorityKeyId { get; private set; }

    /// <summary>The OID of a critical extension this code does not process (RFC 5280 §4.2 says reject), or null.</summary>
    public string? UnprocessedCriticalExtension { get; private set; }

    public bool HasKeyUsage(X509KeyUsageFlags flag) => KeyUsage is { } usage && (usage & flag) == flag;

    /// <summary>Reads a decoded certificate's DER; the certificate's own key object is kept for verifying what it signed.</summary>
    public static bool TryRead(X509Certificate2 certificate, [NotNullWhen(true)] out X509CertificateFacts? facts, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return TryRead(certificate.RawDataMemory, certificate, out facts, out problem);
    }

    /// <summary>Reads a certificate from DER alone. The bytes are kept, not copied.</summary>
    public static bool TryRead(ReadOnlyMemory<byte> der, [NotNullWhen(true)] out X509CertificateFacts? facts, [NotNullWhen(false)] out string? problem) =>
        TryRead(der, null, out facts, out problem);

    /// <summary>True when <paramref name="issuer"/> names and identifies the issuer of this certificate (RFC 5280 §4.2.1.1, §6.1.3).</summary>
    public bool IsIssuedBy(X509CertificateFacts issuer) =>
        IssuerName.Span.SequenceEqual(issuer.SubjectName.Span)
        && (AuthorityKeyId is not { } aki || issuer.SubjectKeyId is not { } ski || aki.Span.SequenceEqual(ski.Span));

    /// <summary>
    /// RFC 5280 §6.1.3 (a)(1): true when this certificate's key verifies <paramref name="subject"/>'s signature. A decoded
    /// certificate's key is used as loaded; otherwise subjectPublicKeyInfo is imported.
    /// </summary>
    public bool Verifies(X509CertificateFacts subject) =>
        Certificate is { } certificate ? subject.Signed.VerifyWith(certificate) : subject.Signed.VerifyWith(SubjectPublicKeyInfo);

    private static bool TryRead(ReadOnlyMemory<byte> der, X509Certificate2? certificate, [NotNullWhen(true)] out X509CertificateFacts? facts, [NotNullWhen(false)] out string? problem)
    {
        facts = null;
        if (!X509SignedData.TryRead(der, out var signed))
        {
            problem = X509SvidErrors.NotDer;
            return false;
        }

        var read = new X509CertificateFacts(der, certificate, signed);
        try
        {
            problem = read.ReadToBeSigned();
        }
        catch (AsnContentException)
        {
            problem = X509SvidErrors.NotDer;
        }

        if (problem is not null)
            return false;

        facts = read;
        return true;
    }
}
