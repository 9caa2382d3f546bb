using System.Security.Cryptography;
using System.Text;
using Aims.Core.Jose;

namespace Aims.Core.Tests.Jose;

public sealed class CompactJwsTests
{
    private static string B64(string json) => Base64Url.Encode(Encoding.UTF8.GetBytes(json));

    private static readonly string Header = B64("""{"alg":"ES256","kid":"k","typ":"JWT"}""");
    private static readonly string Payload = B64("""{"sub":"spiffe://example.org/a"}""");

    [Fact]
    public void TryParse_WellFormed_ExposesHeaderAndPayload()
    {
        Assert.True(CompactJws.TryParse($"{Header}.{Payload}.AAAA", CompactJws.DefaultMaxLength, out var jws, out var error), error);

        Assert.Equal("ES256", jws.Algorithm);
        Assert.Equal("k", jws.KeyId);
        Assert.Equal("JWT", jws.Type);
        Assert.Equal("spiffe://example.org/a", jws.Payload.GetProperty("sub").GetString());
        Assert.Equal(3, jws.Signature.Length);
    }

    [Fact]
    public void TryParse_UnknownHeaderWithoutCrit_Ignored()
    {
        var header = B64("""{"alg":"ES256","x-trace":"1"}""");

        Assert.True(CompactJws.TryParse($"{header}.{Payload}.AAAA", CompactJws.DefaultMaxLength, out var jws, out _));
        Assert.Null(jws.KeyId);
        Assert.Null(jws.Type);
    }

    public static TheoryData<string, string> Malformed() => new()
    {
        { "", "empty" },
        { "abc", "exactly 3 parts" },
        { $"{Header}.{Payload}", "exactly 3 parts" },
        { $"{Header}.{Payload}.AAAA.AAAA", "exactly 3 parts" },
        { $"{Header}..AAAA", "must not be empty" },
        { $".{Payload}.AAAA", "must not be empty" },
        { $"{Header}=.{Payload}.AAAA", "header is not strict base64url" },
        { $"{Header}.{Payload}.AAA=", "signature is not strict base64url" },
        { $"{Header}.{Payload}.AA AA", "signature is not strict base64url" },
        { $"{Header}.{Payload}.AA+/", "signature is not strict base64url" },
        { $"{Header}.{Payload}.QR", "signature is not strict base64url" },
        { $"{Header}.{Payload}.A", "signature is not strict base64url" },
        { $"{Header}.{Payload}\n.AAAA", "payload is not strict base64url" },
        { $"{B64("[]")}.{Payload}.AAAA", "header must be a JSON object" },
        { $"{B64("\"alg\"")}.{Payload}.AAAA", "header must be a JSON object" },
        { $"{B64("{\"alg\":\"ES256\"")}.{Payload}.AAAA", "header is not valid JSON" },
        { $"{B64("{\"alg\":\"ES256\",}")}.{Payload}.AAAA", "header is not valid JSON" },
        { $"{B64("{\"alg\":\"ES256\"/*c*/}")}.{Payload}.AAAA", "header is not valid JSON" },
        { $"{B64("{\"kid\":\"k\"}")}.{Payload}.AAAA", "'alg' is required" },
        { $"{B64("{\"alg\":256}")}.{Payload}.AAAA", "'alg' must be a non-empty string" },
        { $"{B64("{\"alg\":\"\"}")}.{Payload}.AAAA", "'alg' must be a non-empty string" },
        { $"{B64("{\"alg\":\"ES256\",\"kid\":1}")}.{Payload}.AAAA", "'kid' must be a string" },
        { $"{B64("{\"alg\":\"ES256\",\"typ\":null}")}.{Payload}.AAAA", "'typ' must be a string" },
        { $"{B64("{\"alg\":\"ES256\",\"alg\":\"none\"}")}.{Payload}.AAAA", "Duplicate" },
        { $"{B64("{\"alg\":\"ES256\",\"\\u0061lg\":\"none\"}")}.{Payload}.AAAA", "Duplicate" },
        { $"{B64("{\"alg\":\"ES256\",\"crit\":[\"b64\"]}")}.{Payload}.AAAA", "'crit'" },
        { $"{B64("{\"alg\":\"ES256\",\"jwk\":{}}")}.{Payload}.AAAA", "'jwk'" },
        { $"{B64("{\"alg\":\"ES256\",\"jku\":\"https://x\"}")}.{Payload}.AAAA", "'jku'" },
        { $"{B64("{\"alg\":\"ES256\",\"x5u\":\"https://x\"}")}.{Payload}.AAAA", "'x5u'" },
        { $"{B64("{\"alg\":\"ES256\",\"x5c\":[]}")}.{Payload}.AAAA", "'x5c'" },
        { $"{Header}.{B64("1")}.AAAA", "payload must be a JSON object" },
        { $"{Header}.{B64("{\"a\":{\"b\":1,\"b\":2}}")}.AAAA", "Duplicate" },
        { $"{Header}.{B64("\uFEFF{}")}.AAAA", "byte order mark" },
        { $"{Header}.{Base64Url.Encode([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D])}.AAAA", "not UTF-8" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void TryParse_Malformed_ReturnsError(string token, string expected)
    {
        Assert.False(CompactJws.TryParse(token, CompactJws.DefaultMaxLength, out var jws, out var error));

        Assert.Null(jws);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(-1, false)]
    public void TryParse_AtSizeLimit_AcceptsUpToMaxLength(int limitOffset, bool accepted)
    {
        var token = $"{Header}.{Payload}.AAAAAAAA";
        var maxLength = token.Length + limitOffset;

        Assert.Equal(accepted, CompactJws.TryParse(token, maxLength, out _, out var error));
        if (!accepted)
            Assert.Equal($"token is larger than {maxLength} bytes", error);
    }

    [Fact]
    public void VerifySignature_WriterOutput_Verifies()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var writer = new CompactJwsWriter();
        writer.BeginPayload().WriteString("sub", "spiffe://example.org/a");
        var token = writer.Complete(key, JwsAlgorithms.ES256, "k", "JWT");

        Assert.True(CompactJws.TryParse(token, CompactJws.DefaultMaxLength, out var jws, out _));
        Assert.True(jws.VerifySignature(key, out var error), error);
    }

    [Fact]
    public void VerifySignature_KeyOfOtherCurve_Fails()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var writer = new CompactJwsWriter();
        writer.BeginPayload();
        var token = writer.Complete(key, JwsAlgorithms.ES256, "k", "JWT");

        Assert.True(CompactJws.TryParse(token, CompactJws.DefaultMaxLength, out var jws, out _));
        Assert.False(jws.VerifySignature(other, out var error));
        Assert.Contains("256-bit", error, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifySignature_TruncatedSignature_Fails()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.True(CompactJws.TryParse($"{Header}.{Payload}.AAAA", CompactJws.DefaultMaxLength, out var jws, out _));
        Assert.False(jws.VerifySignature(key, out var error));
        Assert.Contains("64 bytes", error, StringComparison.Ordinal);
    }
}
