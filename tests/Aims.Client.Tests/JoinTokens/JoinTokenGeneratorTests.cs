using Aims.Client.JoinTokens;
using Aims.Grains;

namespace Aims.Client.Tests.JoinTokens;

public sealed class JoinTokenGeneratorTests
{
    [Fact]
    public void NewToken_Is32BytesAsUnpaddedBase64Url()
    {
        var token = JoinTokenGenerator.NewToken();

        // RFC 4648 §5 alphabet, no padding: 32 bytes → 43 characters.
        Assert.Equal(43, token.Length);
        Assert.All(token, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', $"'{c}' is not base64url"));
        Assert.Equal(32, System.Buffers.Text.Base64Url.DecodeFromChars(token).Length);
    }

    [Fact]
    public void NewToken_ManyCalls_NeverRepeat()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => JoinTokenGenerator.NewToken()).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(1000, tokens.Count);
    }

    [Fact]
    public void NewToken_GrainKey_IsItsSha256NotTheToken()
    {
        var token = JoinTokenGenerator.NewToken();

        var key = GrainKeys.JoinToken(token);

        Assert.Equal(64, key.Length);
        Assert.DoesNotContain(token, key, StringComparison.Ordinal);
    }
}
