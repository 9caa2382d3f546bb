using System.Security.Cryptography;
using System.Text;
using Aims.Core.Jose;

namespace Aims.Core.Tests.Jose;

public sealed class CompactJwsWriterTests
{
    [Theory]
    [InlineData("nistP256", "ES256", 86)]
    [InlineData("nistP384", "ES384", 128)]
    [InlineData("nistP521", "ES512", 176)]
    public void Complete_EachCurve_SignsVerifiableToken(string curve, string alg, int signatureChars)
    {
        using var key = ECDsa.Create(ECCurve.CreateFromFriendlyName(curve));
        var writer = new CompactJwsWriter();
        writer.BeginPayload().WriteNumber("exp", 1);

        var token = writer.Complete(key, alg, "k", "JWT");

        var parts = token.Split('.');
        Assert.Equal($$"""{"alg":"{{alg}}","kid":"k","typ":"JWT"}""", Encoding.UTF8.GetString(Base64Url.Decode(parts[0])));
        Assert.Equal("""{"exp":1}""", Encoding.UTF8.GetString(Base64Url.Decode(parts[1])));
        Assert.Equal(signatureChars, parts[2].Length);
        Assert.True(CompactJws.TryParse(token, CompactJws.DefaultMaxLength, out var jws, out _));
        Assert.True(jws.VerifySignature(key, out var error), error);
    }

    [Fact]
    public void Complete_PayloadLargerThanBuffers_GrowsAndSigns()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var writer = new CompactJwsWriter();
        var big = new string('x', 5000);

        writer.BeginPayload().WriteString("pad", big);
        var first = writer.Complete(key, JwsAlgorithms.ES256, "k", "JWT");
        writer.BeginPayload().WriteString("pad", "small");
        var second = writer.Complete(key, JwsAlgorithms.ES256, "k2", "wit+jwt");

        Assert.True(CompactJws.TryParse(first, 16 * 1024, out var a, out _) && a.VerifySignature(key, out _));
        Assert.Equal(big, a.Payload.GetProperty("pad").GetString());
        Assert.True(CompactJws.TryParse(second, 16 * 1024, out var b, out _) && b.VerifySignature(key, out _));
        Assert.Equal("k2", b.KeyId);
        Assert.Equal("wit+jwt", b.Type);
    }

    [Fact]
    public void Complete_WithoutBegin_Throws()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.Throws<InvalidOperationException>(() => new CompactJwsWriter().Complete(key, JwsAlgorithms.ES256, "k", "JWT"));
    }

    [Theory]
    [InlineData("ES384")]
    [InlineData("RS256")]
    [InlineData("none")]
    public void Complete_AlgorithmNotMatchingKey_Throws(string alg)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var writer = new CompactJwsWriter();
        writer.BeginPayload();

        Assert.Throws<ArgumentException>(() => writer.Complete(key, alg, "k", "JWT"));
    }
}
