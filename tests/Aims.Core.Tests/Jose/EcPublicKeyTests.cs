using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using Aims.Core.Jose;

namespace Aims.Core.Tests.Jose;

public sealed class EcPublicKeyTests
{
    public static TheoryData<string> Curves() => ["nistP256", "nistP384", "nistP521"];

    [Theory]
    [MemberData(nameof(Curves))]
    public void IsValid_GeneratedKeys_True(string curve)
    {
        for (var i = 0; i < 20; i++)
        {
            using var key = ECDsa.Create(ECCurve.CreateFromFriendlyName(curve));
            var jwk = JsonWebKey.FromECDsa(key);

            Assert.True(EcPublicKey.IsValid(jwk.Crv, jwk.X, jwk.Y));
        }
    }

    [Theory]
    [MemberData(nameof(Curves))]
    public void IsValid_AlteredPoint_FalseLikeImport(string curve)
    {
        using var key = ECDsa.Create(ECCurve.CreateFromFriendlyName(curve));
        var jwk = JsonWebKey.FromECDsa(key);
        var y = Base64Url.Decode(jwk.Y);
        y[^1] ^= 0x01;
        var altered = jwk with { Y = Base64Url.Encode(y) };

        Assert.False(EcPublicKey.IsValid(altered.Crv, altered.X, altered.Y));
        Assert.Null(altered.ToECDsa());
    }

    [Fact]
    public void IsValid_CoordinateNotReducedModP_False()
    {
        // P-256: find a point with a small x, then present x + p, which satisfies the equation mod p.
        var p = BigInteger.Parse("0FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF", NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var b = BigInteger.Parse("05AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B", NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        for (var x = BigInteger.Zero; ; x++)
        {
            var rhs = ((x * x * x) - (3 * x) + b) % p;
            var y = BigInteger.ModPow(rhs, (p + 1) / 4, p);
            if (y * y % p != rhs)
                continue;

            Assert.True(EcPublicKey.IsValid("P-256", Coordinate(x), Coordinate(y)));
            Assert.False(EcPublicKey.IsValid("P-256", Coordinate(x + p), Coordinate(y)));
            return;
        }

        static string Coordinate(BigInteger value)
        {
            var bytes = new byte[32];
            value.TryWriteBytes(bytes.AsSpan(32 - value.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
            return Base64Url.Encode(bytes);
        }
    }

    [Theory]
    [InlineData("P-256", null, "AAAA")]
    [InlineData("P-256", "AAAA", "AAAA")]
    [InlineData("Ed25519", "AAAA", "AAAA")]
    [InlineData(null, "AAAA", "AAAA")]
    public void IsValid_MissingOrShortMembers_False(string? crv, string? x, string? y)
    {
        Assert.False(EcPublicKey.IsValid(crv, x, y));
    }
}
