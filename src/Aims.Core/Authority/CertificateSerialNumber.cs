using System.Security.Cryptography;

namespace Aims.Core.Authority;

/// <summary>
/// Certificate serial numbers (RFC 5280 §4.1.2.2): positive, at most 20 octets, unique per issuer. Issuers take
/// the serial as an argument so that callers own uniqueness; <see cref="Create"/> is the usual source.
/// </summary>
public static class CertificateSerialNumber
{
    /// <summary>RFC 5280 §4.1.2.2: conforming CAs must not use serial numbers longer than 20 octets.</summary>
    public const int MaxLength = 20;

    /// <summary>
    /// Sixteen random bytes, first byte in 0x01–0x7F: positive without a sign octet, and no leading zero that DER
    /// would strip, so the serial always prints as 32 hex digits.
    /// </summary>
    public static byte[] Create()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        if (serial[0] == 0)
            serial[0] = 0x01;
        return serial;
    }

    /// <summary>Throws when <paramref name="serial"/> is empty, longer than 20 bytes, negative or zero.</summary>
    public static void Validate(byte[] serial, string paramName)
    {
        ArgumentNullException.ThrowIfNull(serial, paramName);
        if (serial.Length is 0 or > MaxLength)
            throw new ArgumentException($"A certificate serial number must be 1 to {MaxLength} bytes (RFC 5280 §4.1.2.2).", paramName);
        if ((serial[0] & 0x80) != 0)
            throw new ArgumentException("A certificate serial number must be positive: clear the top bit of the first byte (RFC 5280 §4.1.2.2).", paramName);
        if (!serial.AsSpan().ContainsAnyExcept((byte)0))
            throw new ArgumentException("A certificate serial number must not be zero (RFC 5280 §4.1.2.2).", paramName);
    }
}
