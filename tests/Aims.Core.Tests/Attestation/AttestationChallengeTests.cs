using Aims.Core.Attestation;
using Aims.Core.Jose;

namespace Aims.Core.Tests.Attestation;

public sealed class AttestationChallengeTests
{
    [Fact]
    public void NewNonce_Is32RandomBytes()
    {
        var a = AttestationChallenge.NewNonce();

        Assert.Equal(32, a.Length);
        Assert.NotEqual(a, AttestationChallenge.NewNonce());
    }

    [Fact]
    public void TryDecode_Base64UrlOf32Bytes_ReturnsThem()
    {
        var nonce = AttestationChallenge.NewNonce();

        Assert.True(AttestationChallenge.TryDecode(Base64Url.Encode(nonce), out var decoded, out _));
        Assert.Equal(nonce, decoded);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("AAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void TryDecode_AnythingElse_SaysWhereNoncesComeFrom(string? text)
    {
        Assert.False(AttestationChallenge.TryDecode(text, out _, out var error));
        Assert.Contains("POST /v1/attest/challenge", error, StringComparison.Ordinal);
    }
}
