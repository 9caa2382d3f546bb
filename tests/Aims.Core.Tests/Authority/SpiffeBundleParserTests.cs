using System.Security.Cryptography;
using Aims.Core.Authority;
using Aims.Core.Jose;
using Aims.Core.Tests.Credentials;

namespace Aims.Core.Tests.Authority;

/// <summary>Reading a fetched SPIFFE bundle (Trust Domain and Bundle §4; spec digest §6.5).</summary>
public sealed class SpiffeBundleParserTests
{
    [Fact]
    public void TryParse_WhatToJsonWrites_RoundTripsKeysSequenceAndHint()
    {
        using var ca = X509TestAuthority.CreateRoot();
        using var jwt = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var wit = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var written = new SpiffeBundle(X509TestAuthority.Domain, [ca.Certificate],
            [JsonWebKey.FromECDsa(jwt, "j1")], [JsonWebKey.FromECDsa(wit, "w1")], 7, TimeSpan.FromSeconds(60));

        Assert.True(SpiffeBundleParser.TryParse(X509TestAuthority.Domain, written.ToJson(), out var read, out var error), error);

        Assert.Equal(7, read.Sequence);
        Assert.Equal(TimeSpan.FromSeconds(60), read.RefreshHint);
        Assert.Equal(ca.Certificate.RawData, Assert.Single(read.X509Authorities).RawData);
        Assert.Equal("j1", Assert.Single(read.JwtAuthorities).Kid);
        Assert.Equal("w1", Assert.Single(read.WitAuthorities).Kid);
        Assert.Equal(X509TestAuthority.Domain, read.TrustDomain);
    }

    [Fact]
    public void TryParse_NoSequenceNoHint_DefaultsToZeroAndFiveMinutes()
    {
        Assert.True(SpiffeBundleParser.TryParse(X509TestAuthority.Domain, """{"keys":[]}""", out var read, out var error), error);
        Assert.Equal(0, read.Sequence);
        Assert.Equal(TimeSpan.FromMinutes(5), read.RefreshHint);
        Assert.Empty(read.X509Authorities);
    }

    [Fact]
    public void TryParse_UnknownUseOrKtyOrMissingUse_IgnoresTheElement()
    {
        const string json = """{"keys":[{"kty":"EC","use":"enc","kid":"a"},{"kty":"OKP","use":"jwt-svid","kid":"b","x":"AA"},{"kty":"EC","kid":"c"},{"use":"jwt-svid"}]}""";
        Assert.True(SpiffeBundleParser.TryParse(X509TestAuthority.Domain, json, out var read, out var error), error);
        Assert.Empty(read.JwtAuthorities);
    }

    [Theory]
    [InlineData("[]", "JSON object with a 'keys' array")]
    [InlineData("{}", "JSON object with a 'keys' array")]
    [InlineData("""{"keys":[],"keys":[]}""", "duplicate")]
    [InlineData("""{"keys":[],"spiffe_sequence":-1}""", "spiffe_sequence")]
    [InlineData("""{"keys":[],"spiffe_sequence":"3"}""", "spiffe_sequence")]
    [InlineData("""{"keys":[],"spiffe_refresh_hint":0}""", "spiffe_refresh_hint")]
    [InlineData("""{"keys":[{"kty":"EC","use":"x509-svid"}]}""", "without an x5c")]
    [InlineData("""{"keys":[{"kty":"EC","use":"x509-svid","x5c":["not base64!"]}]}""", "not a base64 DER certificate")]
    [InlineData("""{"keys":[{"kty":"EC","use":"jwt-svid","crv":"P-256","x":"AA","y":"AA"}]}""", "without a kid")]
    [InlineData("""{"keys":[{"kty":"EC","use":"jwt-svid","kid":"k","crv":"P-256","x":"AA","y":"AA"}]}""", "not a valid public")]
    [InlineData("""{"keys":[{"kty":"EC","use":"jwt-svid","kid":"k","d":"AA"}]}""", "private key member 'd'")]
    [InlineData("not json", "not valid JSON")]
    public void TryParse_BrokenBundle_RefusedWithReason(string json, string reason)
    {
        Assert.False(SpiffeBundleParser.TryParse(X509TestAuthority.Domain, json, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_SameKidForJwtAndWit_Refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var json = new SpiffeBundle(X509TestAuthority.Domain, [], [JsonWebKey.FromECDsa(key, "k")], [JsonWebKey.FromECDsa(key, "k")], 1, TimeSpan.FromMinutes(1)).ToJson();
        Assert.False(SpiffeBundleParser.TryParse(X509TestAuthority.Domain, json, out _, out var error));
        Assert.Contains("kid 'k' appears more than once", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_LargerThanLimit_Refused()
    {
        var json = "{\"keys\":[],\"pad\":\"" + new string('a', SpiffeBundleParser.MaxDocumentBytes) + "\"}";
        Assert.False(SpiffeBundleParser.TryParse(X509TestAuthority.Domain, json, out _, out var error));
        Assert.Contains("larger than", error, StringComparison.Ordinal);
    }
}
