using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Aims.Core.Credentials;

/// <summary>
/// URI entries of the subjectAltName extension (RFC 5280 §4.2.1.6, GeneralName <c>[6] IA5String</c>).
/// <see cref="X509SubjectAlternativeNameExtension"/> has no URI enumerator, and
/// <see cref="SubjectAlternativeNameBuilder.AddUri"/> goes through <see cref="Uri"/>, which turns
/// <c>spiffe://td</c> into <c>spiffe://td/</c>; both directions are done here on the raw DER instead.
/// </summary>
internal static class X509UriSan
{
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    private static readonly Asn1Tag DnsTag = new(TagClass.ContextSpecific, 2);
    private static readonly Asn1Tag IpTag = new(TagClass.ContextSpecific, 7);

    /// <summary>
    /// A subjectAltName extension holding exactly one URI, written byte for byte as given, plus optional DNS
    /// names and IP addresses (X509-SVID §2 allows other SAN types beside the single URI).
    /// </summary>
    public static X509Extension Create(string uri, bool critical, IEnumerable<ServerName>? serverNames = null) =>
        new X509SubjectAlternativeNameExtension(Encode(uri, serverNames), critical);

    /// <summary>The extension value of <see cref="Create"/>: the DER of GeneralNames (RFC 5280 §4.2.1.6).</summary>
    public static byte[] Encode(string uri, IEnumerable<ServerName>? serverNames = null)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteCharacterString(UniversalTagNumber.IA5String, uri, UriTag);
            foreach (var name in serverNames ?? [])
            {
                if (name.Address is { } address)
                    writer.WriteOctetString(address.GetAddressBytes(), IpTag);
                else
                    writer.WriteCharacterString(UniversalTagNumber.IA5String, name.DnsName!, DnsTag);
            }
        }

        return writer.Encode();
    }

    /// <summary>Every URI name in the extension value, in order; false when the value is not valid DER.</summary>
    public static bool TryRead(ReadOnlyMemory<byte> extensionValue, out List<string> uris)
    {
        uris = [];
        try
        {
            var outer = new AsnReader(extensionValue, AsnEncodingRules.DER);
            var names = outer.ReadSequence();
            if (outer.HasData)
                return false;

            while (names.HasData)
            {
                if (names.PeekTag().HasSameClassAndValue(UriTag))
                    uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, UriTag));
                else
                    names.ReadEncodedValue();
            }

            return true;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }
}
