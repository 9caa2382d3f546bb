using System.Security.Cryptography;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.Jose;

namespace Aims.Core.Tests.Credentials;

public sealed class JwtBundleTests
{
    private static readonly TrustDomain TrustDomain = TrustDomain.Parse("example.org");

    [Fact]
    public void FromJwks_MixedUses_KeepsOnlyRequestedUse()
    {
        using var jwtKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var witKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        JsonWebKey[] keys =
        [
            JsonWebKey.FromECDsa(jwtKey, kid: "jwt-1", use: JwtBundle.JwtSvidUse),
            JsonWebKey.FromECDsa(witKey, kid: "wit-1", use: JwtBundle.WitSvidUse),
            JsonWebKey.FromECDsa(witKey, kid: "no-use"),
            new JsonWebKey { Kty = "RSA", Kid = "rsa-1", Use = JwtBundle.JwtSvidUse, N = "AQAB", E = "AQAB" },
        ];

        var jwt = JwtBundle.FromJwks(TrustDomain, keys, JwtBundle.JwtSvidUse);
        var wit = JwtBundle.FromJwks(TrustDomain, keys, JwtBundle.WitSvidUse);

        Assert.Equal(["jwt-1"], jwt.KeyIds);
        Assert.Equal(["wit-1"], wit.KeyIds);
        Assert.True(jwt.TryGetKey("jwt-1", out var imported));
        Assert.Equal(jwtKey.ExportParameters(false).Q.X, imported.ExportParameters(false).Q.X);
        Assert.False(jwt.TryGetKey("wit-1", out _));
        Assert.Equal(TrustDomain, jwt.TrustDomain);
    }

    [Fact]
    public void FromJwks_KeyWithoutKid_Throws()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.Throws<ArgumentException>(() =>
            JwtBundle.FromJwks(TrustDomain, [JsonWebKey.FromECDsa(key, use: JwtBundle.JwtSvidUse)], JwtBundle.JwtSvidUse));
    }

    [Fact]
    public void FromJwks_DuplicateKid_Throws()
    {
        using var a = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var b = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        JsonWebKey[] keys = [JsonWebKey.FromECDsa(a, "k", JwtBundle.JwtSvidUse), JsonWebKey.FromECDsa(b, "k", JwtBundle.JwtSvidUse)];

        Assert.Throws<ArgumentException>(() => JwtBundle.FromJwks(TrustDomain, keys, JwtBundle.JwtSvidUse));
    }

    [Fact]
    public void FromJwks_InvalidEcPoint_Throws()
    {
        using var a = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jwk = JsonWebKey.FromECDsa(a, "k", JwtBundle.JwtSvidUse) with { Y = Base64Url.Encode(new byte[32]) };

        Assert.Throws<ArgumentException>(() => JwtBundle.FromJwks(TrustDomain, [jwk], JwtBundle.JwtSvidUse));
    }
}
