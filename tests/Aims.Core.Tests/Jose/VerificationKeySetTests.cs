using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Aims.Core.Jose;
using Aims.Core.Tests.OAuth;

namespace Aims.Core.Tests.Jose;

public sealed class VerificationKeySetTests : IDisposable
{
    private readonly ECDsa _ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly RSA _rsa = RSA.Create(2048);

    public void Dispose()
    {
        _ec.Dispose();
        _rsa.Dispose();
    }

    private static string Set(params JsonNode[] keys) => new JsonObject { ["keys"] = new JsonArray(keys) }.ToJsonString();

    private JsonObject Ec(string kid = "ec") => PartnerIssuer.EcJwk(_ec, kid);

    private JsonObject Rsa(string kid = "rsa") => PartnerIssuer.RsaJwk(_rsa, kid);

    private static JsonObject With(JsonObject jwk, string name, JsonNode? value)
    {
        jwk[name] = value;
        return jwk;
    }

    private static string Refusal(string json)
    {
        Assert.False(VerificationKeySet.TryParse(json, out var set, out var error));
        Assert.Null(set);
        return error;
    }

    [Fact]
    public void TryParse_EcAndRsaKeys_KeptByKid()
    {
        Assert.True(VerificationKeySet.TryParse(Set(Ec(), Rsa()), out var set, out var error), error);

        Assert.Equal(2, set.Count);
        Assert.True(set.TryGetKey("ec", out var ec));
        Assert.Equal("EC", ec.Kty);
        Assert.True(set.TryGetKey("rsa", out var rsa));
        Assert.Equal("RSA", rsa.Kty);
    }

    [Fact]
    public void TryParse_KeysItCannotUse_IgnoredAsRfc7517Says()
    {
        var json = Set(
            Ec(),
            With(Ec("enc"), "use", "enc"),
            With(Ec("no-kid"), "kid", null),
            new JsonObject { ["kty"] = "OKP", ["crv"] = "Ed25519", ["x"] = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", ["kid"] = "ed" },
            With(Rsa("rs512"), "alg", "RS512"));

        Assert.True(VerificationKeySet.TryParse(json, out var set, out var error), error);

        Assert.Equal(["ec"], set.KeyIds);
    }

    [Fact]
    public void TryParse_P521Key_IgnoredSinceEs512IsNotAccepted()
    {
        using var p521 = ECDsa.Create(ECCurve.NamedCurves.nistP521);

        Assert.True(VerificationKeySet.TryParse(Set(Ec(), PartnerIssuer.EcJwk(p521, "p521")), out var set, out var error), error);
        Assert.Equal(["ec"], set.KeyIds);
    }

    [Theory]
    [InlineData("d")]
    [InlineData("p")]
    [InlineData("k")]
    public void TryParse_PrivateKeyMember_RefusesTheWholeSet(string member)
    {
        Assert.Contains($"private key member '{member}'", Refusal(Set(Rsa(), With(Ec(), member, "AAAA"))), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_RepeatedKid_Refused()
    {
        Assert.Contains("kid 'same' appears more than once", Refusal(Set(Ec("same"), Rsa("same"))), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_EcPointNotOnTheCurve_Refused()
    {
        var jwk = Ec();
        var x = Base64Url.Decode(jwk["x"]!.GetValue<string>());
        x[5] ^= 0x01;

        Assert.Contains("not a valid P-256 public key", Refusal(Set(With(jwk, "x", Base64Url.Encode(x)))), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Rsa1024_RefusedAsTooShort()
    {
        using var small = RSA.Create(1024);

        Assert.Contains("1024 bits", Refusal(Set(PartnerIssuer.RsaJwk(small, "small"))), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_EvenRsaExponent_Refused()
    {
        Assert.Contains("'e' must be an odd public exponent", Refusal(Set(With(Rsa(), "e", "AAI"))), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"keys":{}}""")]
    [InlineData("""{"keys":[1]}""")]
    [InlineData("""{"keys":[{"kid":"no-kty"}]}""")]
    [InlineData("not json")]
    public void TryParse_NotAJwkSet_Refused(string json)
    {
        Refusal(json);
    }

    [Fact]
    public void TryParse_NoUsableKey_RefusedSayingWhatIsUsable()
    {
        Assert.Contains("no usable signing key", Refusal(Set(With(Ec(), "use", "enc"))), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_TooManyKeys_Refused()
    {
        var keys = Enumerable.Range(0, VerificationKeySet.MaxKeys + 1).Select(i => (JsonNode)Ec($"k{i}")).ToArray();

        Assert.Contains($"at most {VerificationKeySet.MaxKeys}", Refusal(Set(keys)), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_LargerThanTheLimit_Refused()
    {
        var json = Set(With(Ec(), "x5u", new string('a', VerificationKeySet.MaxDocumentBytes)));

        Assert.Contains("larger than", Refusal(json), StringComparison.Ordinal);
    }
}
