using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Core.Jose;
using Aims.Core.OAuth.Registration;

namespace Aims.Core.Tests.OAuth.Registration;

public sealed class ClientJwksTests : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _other = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose()
    {
        _key.Dispose();
        _other.Dispose();
    }

    private static JsonObject Jwk(ECDsa key, string? kid = null)
    {
        var jwk = JsonSerializer.SerializeToNode(JsonWebKey.FromECDsa(key, kid))!.AsObject();
        foreach (var name in jwk.Where(p => p.Value is null).Select(p => p.Key).ToList())
            jwk.Remove(name);
        return jwk;
    }

    private static JsonElement Set(params JsonNode[] keys) =>
        JsonDocument.Parse(new JsonObject { ["keys"] = new JsonArray(keys) }.ToJsonString()).RootElement;

    private static string Refusal(JsonElement jwks)
    {
        Assert.False(ClientJwks.TryParse(jwks, out var parsed, out var error));
        Assert.Null(parsed);
        return error;
    }

    [Fact]
    public void TryParse_OnePublicP256Key_KeepsOnlyPublicMembers()
    {
        var jwk = Jwk(_key, "k1");
        jwk["use"] = "sig";
        jwk["alg"] = "ES256";
        jwk["key_ops"] = new JsonArray("verify");
        jwk["x5u"] = "https://evil.example/chain.pem";

        Assert.True(ClientJwks.TryParse(Set(jwk), out var jwks, out var error), error);

        var key = Assert.Single(jwks.Keys);
        Assert.Equal(("EC", "P-256", "k1", "sig", "ES256"), (key.Kty, key.Crv, key.Kid, key.Use, key.Alg));
        Assert.DoesNotContain("x5u", jwks.ToJson(), StringComparison.Ordinal);
        Assert.DoesNotContain("key_ops", jwks.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_FromStoredJson_RoundTripsAndFindsByKid()
    {
        Assert.True(ClientJwks.TryParse(Set(Jwk(_key, "a"), Jwk(_other, "b")), out var jwks, out _));

        var stored = ClientJwks.FromStoredJson(jwks.ToJson());

        Assert.NotNull(stored);
        Assert.Equal(jwks.Keys, stored.Keys);
        using var verifier = stored.Find("b")!.ToECDsa()!;
        var data = "x"u8.ToArray();
        Assert.True(verifier.VerifyData(data, _other.SignData(data, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256));
        Assert.Null(stored.Find("c"));
        Assert.Null(stored.Find(null));
    }

    [Fact]
    public void Find_NoKidAndOneKey_ThatKey()
    {
        Assert.True(ClientJwks.TryParse(Set(Jwk(_key)), out var jwks, out _));

        Assert.Same(jwks.Keys[0], jwks.Find(null));
    }

    [Theory]
    [InlineData("d")]
    [InlineData("p")]
    [InlineData("k")]
    public void TryParse_PrivateMember_Refused(string member)
    {
        var jwk = Jwk(_key, "k1");
        jwk[member] = "AAAA";

        Assert.Contains($"private key material ('{member}')", Refusal(Set(jwk)), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_RsaKey_Refused()
    {
        using var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(false);
        var jwk = new JsonObject { ["kty"] = "RSA", ["n"] = Base64Url.Encode(p.Modulus), ["e"] = Base64Url.Encode(p.Exponent) };

        Assert.Contains("P-256", Refusal(Set(jwk)), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_P384Key_Refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.Contains("crv 'P-384'", Refusal(Set(Jwk(key))), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_PointNotOnCurve_Refused()
    {
        var jwk = Jwk(_key, "k1");
        jwk["y"] = Jwk(_other)["y"]!.GetValue<string>();

        Assert.Contains("not a point on P-256", Refusal(Set(jwk)), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_DuplicateKids_Refused() =>
        Assert.Contains("two keys with kid 'same'", Refusal(Set(Jwk(_key, "same"), Jwk(_other, "same"))), StringComparison.Ordinal);

    [Fact]
    public void TryParse_TwoKeysOneWithoutKid_Refused() =>
        Assert.Contains("every key needs a 'kid'", Refusal(Set(Jwk(_key, "a"), Jwk(_other))), StringComparison.Ordinal);

    [Fact]
    public void TryParse_TooManyKeys_Refused()
    {
        var keys = Enumerable.Range(0, ClientRegistrationLimits.MaxJwksKeys + 1).Select(i => (JsonNode)Jwk(_key, $"k{i}")).ToArray();

        Assert.Contains("1 to 5 keys", Refusal(Set(keys)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("use", "\"enc\"", "'use' 'enc'")]
    [InlineData("alg", "\"ES384\"", "'alg' 'ES384'")]
    [InlineData("alg", "\"HS256\"", "'alg' 'HS256'")]
    [InlineData("key_ops", "[\"sign\"]", "key_ops")]
    [InlineData("kid", "7", "'kid'")]
    [InlineData("kid", "\"\"", "'kid'")]
    public void TryParse_OptionalMemberThatDoesNotFit_Refused(string member, string json, string fragment)
    {
        var jwk = Jwk(_key, "k1");
        jwk[member] = JsonNode.Parse(json);

        Assert.Contains(fragment, Refusal(Set(jwk)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"keys\":{}}")]
    [InlineData("{\"keys\":[]}")]
    [InlineData("{\"keys\":[\"k\"]}")]
    public void TryParse_NotAJwkSetWithKeys_Refused(string json) =>
        Assert.NotEmpty(Refusal(JsonDocument.Parse(json).RootElement));

    [Fact]
    public void FromStoredJson_Garbage_Null() =>
        Assert.Null(ClientJwks.FromStoredJson("{not json"));
}
