using Aims.Core.Jose;

namespace Aims.Core.Tests.Jose;

public sealed class JwsAlgorithmsTests
{
    [Theory]
    [InlineData("RS256", true, false)]
    [InlineData("RS384", true, false)]
    [InlineData("RS512", true, false)]
    [InlineData("ES256", true, true)]
    [InlineData("ES384", true, true)]
    [InlineData("ES512", true, true)]
    [InlineData("PS256", true, false)]
    [InlineData("PS384", true, false)]
    [InlineData("PS512", true, false)]
    [InlineData("none", false, false)]
    [InlineData("None", false, false)]
    [InlineData("HS256", false, false)]
    [InlineData("HS384", false, false)]
    [InlineData("HS512", false, false)]
    [InlineData("EdDSA", false, false)]
    [InlineData("ES256K", false, false)]
    [InlineData("es256", false, false)]
    [InlineData("", false, false)]
    [InlineData(null, false, false)]
    public void IsAllowedForSvid_EachAlgorithm_MatchesJwtSvidList(string? alg, bool allowed, bool supported)
    {
        Assert.Equal(allowed, JwsAlgorithms.IsAllowedForSvid(alg));
        Assert.Equal(supported, JwsAlgorithms.IsSupported(alg));
    }

    [Theory]
    [InlineData("ES256", null)]
    [InlineData("none", "'none' is never accepted")]
    [InlineData("HS256", "symmetric")]
    [InlineData("PS256", "unsupported key type")]
    [InlineData("RS512", "unsupported key type")]
    [InlineData("EdDSA", "not allowed for SVIDs")]
    public void DescribeRefusal_EachAlgorithm_ExplainsWhy(string alg, string? expected)
    {
        var refusal = JwsAlgorithms.DescribeRefusal(alg, "alg");

        if (expected is null)
            Assert.Null(refusal);
        else
            Assert.Contains(expected, refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("P-256", "ES256")]
    [InlineData("P-384", "ES384")]
    [InlineData("P-521", "ES512")]
    [InlineData("Ed25519", null)]
    [InlineData(null, null)]
    public void TryGetForCurve_EachCurve_ReturnsEsAlgorithm(string? crv, string? expected)
    {
        Assert.Equal(expected is not null, JwsAlgorithms.TryGetForCurve(crv, out var alg));
        Assert.Equal(expected, alg);
    }
}
