using Org.BouncyCastle.Ocsp;

namespace Aims.Core.Revocation;

/// <summary>
/// One CertID of a request (RFC 6960 §4.1.1): the serial as lowercase big-endian hex (the key of the credential
/// grain), or null when it cannot be a serial this fabric issued (zero, negative or longer than 20 octets).
/// </summary>
public sealed class OcspRequestItem
{
    internal OcspRequestItem(CertificateID certId)
    {
        CertId = certId;
        var serial = certId.SerialNumber;
        var magnitude = serial.SignValue > 0 ? serial.ToByteArrayUnsigned() : [];
        SerialNumberHex = magnitude.Length is > 0 and <= Authority.CertificateSerialNumber.MaxLength ? Convert.ToHexStringLower(magnitude) : null;
    }

    public string? SerialNumberHex { get; }

    /// <summary>Echoed as is in the single response (RFC 6960 §4.2.1), whichever hash algorithm the client chose.</summary>
    internal CertificateID CertId { get; }
}
