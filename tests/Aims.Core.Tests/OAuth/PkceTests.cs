using Aims.Core.Jose;
using Aims.Core.OAuth;

namespace Aims.Core.Tests.OAuth;

public sealed class PkceTests
{
    // RFC 7636 Appendix B.
    private static readonly byte[] AppendixBOctets =
    [
        116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
    ];

    private const string AppendixBVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private const string AppendixBChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    [Fact]
    public void S256Challenge_Rfc7636AppendixB_MatchesTheVector()
    {
        Assert.Equal(AppendixBVerifier, Base64Url.Encode(AppendixBOctets));
        Assert.Equal(AppendixBChallenge, Pkce.S256Challenge(AppendixBVerifier));
        Assert.True(Pkce.Verify(AppendixBVerifier, AppendixBChallenge));
        Assert.True(Pkce.IsValidS256Challenge(AppendixBChallenge));
    }

    [Theory]
    [InlineData("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXj")]
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")]
    public void Verify_OtherVerifier_False(string verifier) => Assert.False(Pkce.Verify(verifier, AppendixBChallenge));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjX")]
    [InlineData("dBjftJeZ4CVP+mB92K27uhbUJU1p1r/wW1gFWFOEjXk")]
    [InlineData("dBjftJeZ4CVP mB92K27uhbUJU1p1r_wW1gFWFOEjXk")]
    [InlineData("dBjftJeZ4CVP=mB92K27uhbUJU1p1r_wW1gFWFOEjXk")]
    [InlineData("dBjftJeZ4CVPémB92K27uhbUJU1p1r_wW1gFWFOEjXk")]
    public void IsValidVerifier_BreaksSection41_FalseAndNeverVerifies(string? verifier)
    {
        Assert.False(Pkce.IsValidVerifier(verifier));
        Assert.False(Pkce.Verify(verifier, AppendixBChallenge));
    }

    [Theory]
    [InlineData(43)]
    [InlineData(128)]
    public void IsValidVerifier_LengthBounds_True(int length)
    {
        var verifier = new string('a', length - 4) + "-._~";

        Assert.True(Pkce.IsValidVerifier(verifier));
        Assert.True(Pkce.Verify(verifier, Pkce.S256Challenge(verifier)));
    }

    [Fact]
    public void IsValidVerifier_129Characters_False() => Assert.False(Pkce.IsValidVerifier(new string('a', 129)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c")]
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM=")]
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM")]
    [InlineData("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXkdBjftJeZ4CVP")]
    public void IsValidS256Challenge_NotTheBase64UrlOfADigest_False(string? challenge) => Assert.False(Pkce.IsValidS256Challenge(challenge));

    [Fact]
    public void S256Challenge_InvalidVerifier_Throws() => Assert.Throws<ArgumentException>(() => Pkce.S256Challenge("too-short"));
}
