using Aims.Core.Attestation;

namespace Aims.Core.Tests.Attestation;

public sealed class JoinTokenRulesTests
{
    [Fact]
    public void NewToken_Is32BytesAsUnpaddedBase64Url()
    {
        var token = JoinTokenRules.NewToken();

        // RFC 4648 §5 alphabet, no padding: 32 bytes → 43 characters.
        Assert.Equal(43, token.Length);
        Assert.All(token, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', $"'{c}' is not base64url"));
        Assert.Equal(32, System.Buffers.Text.Base64Url.DecodeFromChars(token).Length);
    }

    [Fact]
    public void NewToken_ManyCalls_NeverRepeat()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => JoinTokenRules.NewToken()).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(1000, tokens.Count);
    }

    [Theory]
    [InlineData(29, false)]
    [InlineData(30, true)]
    [InlineData(86400, true)]
    [InlineData(86401, false)]
    public void CheckTtl_Bounds_AcceptOnlyThirtySecondsToADay(int seconds, bool accepted)
    {
        var problem = JoinTokenRules.CheckTtl(TimeSpan.FromSeconds(seconds));

        Assert.Equal(accepted, problem is null);
        if (!accepted)
            Assert.Contains("between 30 and 86400", problem, StringComparison.Ordinal);
    }
}
