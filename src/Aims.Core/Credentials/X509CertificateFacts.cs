using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aims.Core.Authority;

namespace Aims.Core.Credentials;

/// <summary>
/// What X509-SVID validation needs to know about one certificate, read once: its signed structure, the
/// extensions of X509-SVID §4 and the key identifiers that link it to its issuer (RFC 5280 §4.2.1.1–2).
/// </summary>
internal sealed class X509CertificateFacts
{
    private X509CertificateFacts(X509Certificate2 certificate, X509SignedData signed)
    {
        Certificate = certificate;
        Signed = signed;
        NotBefore = CertificateValidity.NotBefore(certificate);
        NotAfter = CertificateValidity.NotAfter(certificate);
    }

    public X509Certificate2 Certificate { get; }

    public X509SignedData Signed { get; }

    public DateTimeOffset NotBefore { get; }

    public DateTimeOffset NotAfter { get; }

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

    public static bool TryRead(X509Certificate2 certificate, [NotNullWhen(true)] out X509CertificateFacts? facts, [NotNullWhen(false)] out string? problem)
    {
        facts = null;
        if (!X509SignedData.TryRead(certificate.RawDataMemory, out var signed))
        {
            problem = X509SvidErrors.NotDer;
            return false;
        }

        if (!signed.CertificateAlgorithmsAgree())
        {
            problem = X509SvidErrors.AlgorithmMismatch;
            return false;
        }

        var read = new X509CertificateFacts(certificate, signed);
        try
        {
            problem = read.ReadExtensions();
        }
        catch (CryptographicException)
        {
            problem = X509SvidErrors.BadExtension;
        }

        if (problem is not null)
            return false;

        facts = read;
        return true;
    }

    /// <summary>True when <paramref name="issuer"/> names and identifies the issuer of this certificate (RFC 5280 §4.2.1.1, §6.1.3).</summary>
    public bool IsIssuedBy(X509CertificateFacts issuer) =>
        Certificate.IssuerName.RawData.AsSpan().SequenceEqual(issuer.Certificate.SubjectName.RawData)
        && (AuthorityKeyId is not { } aki || issuer.SubjectKeyId is not { } ski || aki.Span.SequenceEqual(ski.Span));

    private string? ReadExtensions()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var extension in Certificate.Extensions)
        {
            var oid = extension.Oid?.Value ?? string.Empty;

            // RFC 5280 §4.2: a certificate must not include more than one instance of a particular extension.
            if (!seen.Add(oid))
                return X509SvidErrors.DuplicateExtension(oid);

            switch (oid)
            {
                case X509Oids.BasicConstraints:
                    var basic = extension as X509BasicConstraintsExtension ?? new X509BasicConstraintsExtension(extension, extension.Critical);
                    HasBasicConstraints = true;
                    IsCertificateAuthority = basic.CertificateAuthority;
                    PathLength = basic.HasPathLengthConstraint ? basic.PathLengthConstraint : null;
                    break;
                case X509Oids.KeyUsage:
                    var usage = extension as X509KeyUsageExtension ?? new X509KeyUsageExtension(extension, extension.Critical);
                    KeyUsage = usage.KeyUsages;
                    KeyUsageIsCritical = extension.Critical;
                    break;
                case X509Oids.ExtendedKeyUsage:
                    var enhanced = extension as X509EnhancedKeyUsageExtension ?? new X509EnhancedKeyUsageExtension(extension, extension.Critical);
                    ExtendedKeyUsages = [.. enhanced.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value ?? string.Empty)];
                    break;
                case X509Oids.SubjectAlternativeName:
                    if (!X509UriSan.TryRead(extension.RawData, out var uris))
                        return X509SvidErrors.BadSubjectAlternativeName;
                    UriNames = uris;
                    break;
                case X509Oids.SubjectKeyIdentifier:
                    var subjectKeyId = extension as X509SubjectKeyIdentifierExtension ?? new X509SubjectKeyIdentifierExtension(extension, extension.Critical);
                    SubjectKeyId = subjectKeyId.SubjectKeyIdentifierBytes;
                    break;
                case X509Oids.AuthorityKeyIdentifier:
                    var authorityKeyId = extension as X509AuthorityKeyIdentifierExtension ?? new X509AuthorityKeyIdentifierExtension(extension.RawData, extension.Critical);
                    AuthorityKeyId = authorityKeyId.KeyIdentifier;
                    break;
                default:
                    if (extension.Critical)
                        UnprocessedCriticalExtension ??= oid;
                    break;
            }
        }

        return null;
    }
}
