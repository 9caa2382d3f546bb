using System.Globalization;
using System.Numerics;

namespace Aims.Core.Jose;

/// <summary>
/// Public-key validation of an EC JWK (RFC 7518 §6.2.1) without importing it: coordinates of the curve's
/// size, below the field prime, and on y² = x³ − 3x + b. The NIST curves have cofactor 1, so this is full
/// validation (NIST SP 800-56A §5.6.2.3.3). Importing into <see cref="System.Security.Cryptography.ECDsa"/>
/// checks the same but costs as much as a signature; this costs a few big-integer multiplications.
/// </summary>
internal static class EcPublicKey
{
    private static readonly Curve P256 = new(32,
        "FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF",
        "5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B");

    private static readonly Curve P384 = new(48,
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFFFF0000000000000000FFFFFFFF",
        "B3312FA7E23EE7E4988E056BE3F82D19181D9C6EFE8141120314088F5013875AC656398D8A2ED19D2A85C8EDD3EC2AEF");

    private static readonly Curve P521 = new(66,
        "01FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
        "0051953EB9618E1C9A1F929A21A0B68540EEA2DA725B99B315F3B8B489918EF109E156193951EC7E937B1652C0BD3BB1BF073573DF883D2C34F1EF451FD46B503F00");

    /// <summary>True when crv is P-256, P-384 or P-521 and (x, y) is a base64url point on that curve.</summary>
    public static bool IsValid(string? crv, string? x, string? y)
    {
        var curve = crv switch
        {
            "P-256" => P256,
            "P-384" => P384,
            "P-521" => P521,
            _ => null,
        };
        if (curve is null || x is null || y is null)
            return false;

        Span<byte> xBytes = stackalloc byte[66];
        Span<byte> yBytes = stackalloc byte[66];
        if (!TryDecode(x, curve.Size, xBytes, out var xs) || !TryDecode(y, curve.Size, yBytes, out var ys))
            return false;

        var px = new BigInteger(xBytes[..xs], isUnsigned: true, isBigEndian: true);
        var py = new BigInteger(yBytes[..ys], isUnsigned: true, isBigEndian: true);
        if (px >= curve.P || py >= curve.P)
            return false;

        var left = py * py % curve.P;
        var right = ((px * px % curve.P * px) - (3 * px) + curve.B) % curve.P;
        if (right.Sign < 0)
            right += curve.P;
        return left == right;
    }

    private static bool TryDecode(string text, int size, Span<byte> destination, out int written)
    {
        written = 0;
        if (text.Length != System.Buffers.Text.Base64Url.GetEncodedLength(size))
            return false;
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
                return false;
        }

        return System.Buffers.Text.Base64Url.TryDecodeFromChars(text, destination, out written) && written == size;
    }

    private sealed class Curve(int size, string p, string b)
    {
        public int Size { get; } = size;

        public BigInteger P { get; } = BigInteger.Parse("0" + p, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

        public BigInteger B { get; } = BigInteger.Parse("0" + b, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }
}
