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

    /// <summary>A subjectAltName extension holding exactly one URI, written byte for byte as given.</summary>
    public static X509Extension Create(string uri, bool critical)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteCharacterString(UniversalTagNumber.IA5String, uri, UriTag);
        }

        return new X509SubjectAlternativeNameExtension(writer.Encode(), critical);
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
