using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aims.Core.Credentials;

internal sealed partial class X509CertificateFacts
{
    private static readonly Asn1Tag VersionTag = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag IssuerUniqueIdTag = new(TagClass.ContextSpecific, 1);
    private static readonly Asn1Tag SubjectUniqueIdTag = new(TagClass.ContextSpecific, 2);
    private static readonly Asn1Tag ExtensionsTag = new(TagClass.ContextSpecific, 3, isConstructed: true);

    // RFC 5280 §4.1.2: version [0], serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo,
    // issuerUniqueID [1], subjectUniqueID [2], extensions [3]. Throws AsnContentException when not DER.
    private string? ReadToBeSigned()
    {
        var outer = new AsnReader(Signed.ToBeSigned, AsnEncodingRules.DER);
        var tbs = outer.ReadSequence();
        if (tbs.PeekTag().HasSameClassAndValue(VersionTag))
            tbs.ReadEncodedValue();

        SerialNumber = tbs.ReadIntegerBytes();

        // RFC 5280 §4.1.1.2: the signature field must equal the outer signatureAlgorithm.
        if (!tbs.ReadEncodedValue().Span.SequenceEqual(Signed.Algorithm.Span))
            return X509SvidErrors.AlgorithmMismatch;

        IssuerName = ReadSequenceEncoded(tbs);

        // RFC 5280 §4.1.2.5
        var validity = tbs.ReadSequence();
        NotBefore = X509Time.Read(validity);
        NotAfter = X509Time.Read(validity);
        validity.ThrowIfNotEmpty();

        SubjectName = ReadSequenceEncoded(tbs);
        SubjectPublicKeyInfo = ReadSequenceEncoded(tbs);

        // RFC 5280 §4.1.2.8
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(IssuerUniqueIdTag))
            tbs.ReadEncodedValue();
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(SubjectUniqueIdTag))
            tbs.ReadEncodedValue();

        if (!tbs.HasData)
            return null;

        var explicitExtensions = tbs.ReadSequence(ExtensionsTag);
        var extensions = explicitExtensions.ReadSequence();
        explicitExtensions.ThrowIfNotEmpty();
        tbs.ThrowIfNotEmpty();
        return ReadExtensions(extensions);
    }

    // RFC 5280 §4.1.2.9: Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }.
    private string? ReadExtensions(AsnReader extensions)
    {
        var seen = new List<string>(8);
        while (extensions.HasData)
        {
            var extension = extensions.ReadSequence();
            var oid = extension.ReadObjectIdentifier();
            var critical = extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && extension.ReadBoolean();
            if (!extension.TryReadPrimitiveOctetString(out var value))
                throw new AsnContentException("extnValue is not a primitive OCTET STRING.");
            extension.ThrowIfNotEmpty();

            // RFC 5280 §4.2: a certificate must not include more than one instance of a particular extension.
            if (seen.Contains(oid))
                return X509SvidErrors.DuplicateExtension(oid);
            seen.Add(oid);

            string? problem;
            try
            {
                problem = ReadExtension(oid, critical, value);
            }
            catch (Exception e) when (e is CryptographicException or AsnContentException)
            {
                problem = X509SvidErrors.BadExtension;
            }

            if (problem is not null)
                return problem;
        }

        return null;
    }

    // RFC 5280 §4.2.1.1, §4.2.1.2, §4.2.1.3, §4.2.1.6, §4.2.1.9, §4.2.1.12
    private string? ReadExtension(string oid, bool critical, ReadOnlyMemory<byte> value)
    {
        switch (oid)
        {
            case X509Oids.BasicConstraints:
                var basic = new X509BasicConstraintsExtension(new AsnEncodedData(value.Span), critical);
                HasBasicConstraints = true;
                IsCertificateAuthority = basic.CertificateAuthority;
                PathLength = basic.HasPathLengthConstraint ? basic.PathLengthConstraint : null;
                break;
            case X509Oids.KeyUsage:
                KeyUsage = new X509KeyUsageExtension(new AsnEncodedData(value.Span), critical).KeyUsages;
                KeyUsageIsCritical = critical;
                break;
            case X509Oids.ExtendedKeyUsage:
                var enhanced = new X509EnhancedKeyUsageExtension(new AsnEncodedData(value.Span), critical);
                ExtendedKeyUsages = [.. enhanced.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value ?? string.Empty)];
                break;
            case X509Oids.SubjectAlternativeName:
                if (!X509UriSan.TryRead(value, out var uris))
                    return X509SvidErrors.BadSubjectAlternativeName;
                UriNames = uris;
                break;
            case X509Oids.SubjectKeyIdentifier:
                SubjectKeyId = new X509SubjectKeyIdentifierExtension(new AsnEncodedData(value.Span), critical).SubjectKeyIdentifierBytes;
                break;
            case X509Oids.AuthorityKeyIdentifier:
                AuthorityKeyId = new X509AuthorityKeyIdentifierExtension(value.Span, critical).KeyIdentifier;
                break;
            default:
                if (critical)
                    UnprocessedCriticalExtension ??= oid;
                break;
        }

        return null;
    }

    private static ReadOnlyMemory<byte> ReadSequenceEncoded(AsnReader reader)
    {
        if (!reader.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            throw new AsnContentException("Expected a SEQUENCE.");
        return reader.ReadEncodedValue();
    }
}
