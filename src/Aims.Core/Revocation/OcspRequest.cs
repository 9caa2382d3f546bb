using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Ocsp;

namespace Aims.Core.Revocation;

/// <summary>
/// A parsed OCSP request (RFC 6960 §4.1): its CertIDs and the nonce extension's value to echo (RFC 6960 §4.4.1,
/// RFC 8954). The request's optional signature is not required and not checked (§4.1.2 leaves it to the responder).
/// </summary>
public sealed class OcspRequest
{
    private OcspRequest(IReadOnlyList<OcspRequestItem> items, byte[]? nonceExtensionValue)
    {
        Items = items;
        NonceExtensionValue = nonceExtensionValue;
    }

    public IReadOnlyList<OcspRequestItem> Items { get; }

    /// <summary>The DER <c>extnValue</c> contents of the request's nonce extension, when it is one to echo.</summary>
    public byte[]? NonceExtensionValue { get; }

    /// <summary>Reads one DER OCSPRequest; false with the reason when it is not one (answered with malformedRequest).</summary>
    public static bool TryParse(byte[] der, out OcspRequest? request, out string error)
    {
        ArgumentNullException.ThrowIfNull(der);
        request = null;
        if (der.Length == 0 || der.Length > OcspLimits.MaxRequestBytes)
        {
            error = $"an OCSP request is 1 to {OcspLimits.MaxRequestBytes} bytes of DER; this one has {der.Length}";
            return false;
        }

        OcspReq parsed;
        Req[] list;
        try
        {
            // FromByteArray refuses trailing bytes after the one object.
            parsed = new OcspReq(OcspRequestAsn1(der));
            list = parsed.GetRequestList();
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidCastException or InvalidOperationException or FormatException)
        {
            error = "the body is not a DER OCSPRequest (RFC 6960 §4.1.1)";
            return false;
        }

        if (list.Length is 0 or > OcspLimits.MaxCertificates)
        {
            error = $"an OCSP request must name 1 to {OcspLimits.MaxCertificates} certificates; this one names {list.Length}";
            return false;
        }

        request = new OcspRequest([.. list.Select(r => new OcspRequestItem(r.GetCertID()))], EchoableNonce(parsed));
        error = string.Empty;
        return true;
    }

    private static Org.BouncyCastle.Asn1.Ocsp.OcspRequest OcspRequestAsn1(byte[] der) =>
        Org.BouncyCastle.Asn1.Ocsp.OcspRequest.GetInstance(Asn1Object.FromByteArray(der));

    /// <summary>RFC 8954 §2.1: the nonce is an OCTET STRING of 1 to 32 octets inside extnValue; others are not echoed.</summary>
    private static byte[]? EchoableNonce(OcspReq request)
    {
        if (request.GetExtensionValue(OcspObjectIdentifiers.PkixOcspNonce) is not { } value)
            return null;
        var octets = value.GetOctets();
        int length;
        try
        {
            length = Asn1OctetString.GetInstance(Asn1Object.FromByteArray(octets)).GetOctets().Length;
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidCastException)
        {
            // Some old clients put the raw nonce in extnValue; RFC 6960 §4.4.1 still asks for it back.
            length = octets.Length;
        }

        return length is > 0 and <= OcspLimits.MaxNonceBytes ? octets : null;
    }
}
