using System.Formats.Asn1;

namespace Aims.Core.Credentials;

/// <summary>
/// Encodes a v3 certificate (RFC 5280 §4.1) from parts the caller has already encoded, so that issuing a
/// certificate never decodes one.
/// </summary>
internal static class X509CertificateWriter
{
    private static readonly Asn1Tag VersionTag = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag ExtensionsTag = new(TagClass.ContextSpecific, 3, isConstructed: true);

    // RFC 5280 §4.1.2.1: v3 is INTEGER 2.
    private const int Version3 = 2;

    /// <summary>One extension (RFC 5280 §4.1.2.9); <see cref="Value"/> is the DER inside extnValue.</summary>
    internal readonly record struct Extension(string Oid, bool Critical, ReadOnlyMemory<byte> Value);

    /// <summary>The DER of a TBSCertificate (RFC 5280 §4.1.2) with the given, already encoded, fields.</summary>
    /// <param name="serial">The positive, non-zero serial number, big-endian unsigned (RFC 5280 §4.1.2.2).</param>
    /// <param name="signatureAlgorithm">The AlgorithmIdentifier the signer will use (RFC 5280 §4.1.2.3).</param>
    public static byte[] ToBeSigned(
        ReadOnlySpan<byte> serial,
        ReadOnlySpan<byte> signatureAlgorithm,
        ReadOnlySpan<byte> issuer,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        ReadOnlySpan<byte> subject,
        ReadOnlySpan<byte> subjectPublicKeyInfo,
        ReadOnlySpan<Extension> extensions)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER, initialCapacity: 1024);
        using (writer.PushSequence())
        {
            using (writer.PushSequence(VersionTag))
                writer.WriteInteger(Version3);
            // X.690 §8.3.2: DER integers carry no redundant leading zero octets.
            writer.WriteIntegerUnsigned(serial.TrimStart((byte)0));
            writer.WriteEncodedValue(signatureAlgorithm);
            writer.WriteEncodedValue(issuer);
            using (writer.PushSequence())
            {
                X509Time.Write(writer, notBefore);
                X509Time.Write(writer, notAfter);
            }

            writer.WriteEncodedValue(subject);
            writer.WriteEncodedValue(subjectPublicKeyInfo);
            using (writer.PushSequence(ExtensionsTag))
            using (writer.PushSequence())
            {
                foreach (var extension in extensions)
                    Write(writer, extension);
            }
        }

        return writer.Encode();
    }

    /// <summary>RFC 5280 §4.1.1: <c>Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }</c>.</summary>
    public static byte[] Certificate(ReadOnlySpan<byte> toBeSigned, ReadOnlySpan<byte> signatureAlgorithm, ReadOnlySpan<byte> signature)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER, initialCapacity: toBeSigned.Length + signatureAlgorithm.Length + signature.Length + 16);
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(toBeSigned);
            writer.WriteEncodedValue(signatureAlgorithm);
            writer.WriteBitString(signature);
        }

        return writer.Encode();
    }

    // RFC 5280 §4.1: critical BOOLEAN DEFAULT FALSE, so DER omits it unless true (X.690 §11.5).
    private static void Write(AsnWriter writer, Extension extension)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(extension.Oid);
            if (extension.Critical)
                writer.WriteBoolean(true);
            writer.WriteOctetString(extension.Value.Span);
        }
    }
}
