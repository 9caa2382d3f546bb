using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Aims.Core.Jose;

/// <summary>
/// An RSA public JWK (RFC 7518 §6.3.1) checked before use: minimal base64url <c>n</c> of 2048 to 8192 bits
/// (RFC 7518 §3.3 requires at least 2048; the upper bound caps the work one verification costs) and an odd
/// <c>e</c> of at most 32 bits. Aims signs nothing with RSA; it verifies RS256/PS256 assertions of outside issuers.
/// </summary>
internal static class RsaPublicKey
{
    public const int MinBits = 2048;
    public const int MaxBits = 8192;

    /// <summary>The modulus and exponent of a well-formed RSA public JWK, or why it is not one.</summary>
    public static bool TryRead(JsonWebKey jwk, [NotNullWhen(true)] out RSAParameters? parameters, [NotNullWhen(false)] out string? error)
    {
        parameters = null;
        if (jwk.Kty != "RSA")
        {
            error = $"kty is '{jwk.Kty}', not 'RSA'";
            return false;
        }

        if (!Base64Url.TryDecode(jwk.N ?? string.Empty, out var modulus) || modulus.Length == 0 || modulus[0] == 0)
        {
            error = "'n' must be the modulus as minimal base64url (RFC 7518 §6.3.1.1)";
            return false;
        }

        var bits = ((modulus.Length - 1) * 8) + (8 - byte.LeadingZeroCount(modulus[0]));
        if (bits is < MinBits or > MaxBits)
        {
            error = $"the modulus has {bits} bits; {MinBits} to {MaxBits} are accepted (RFC 7518 §3.3)";
            return false;
        }

        if (!Base64Url.TryDecode(jwk.E ?? string.Empty, out var exponent) || exponent.Length is 0 or > 4 || exponent[0] == 0
            || (exponent[^1] & 1) == 0 || (exponent.Length == 1 && exponent[0] < 3))
        {
            error = "'e' must be an odd public exponent of at least 3 and at most 32 bits, as minimal base64url (RFC 7518 §6.3.1.2)";
            return false;
        }

        parameters = new RSAParameters { Modulus = modulus, Exponent = exponent };
        error = null;
        return true;
    }
}
