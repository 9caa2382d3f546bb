using System.Security.Cryptography;
using System.Text.Json;
using Aims.Core.Authority;
using Aims.Core.Credentials;

namespace Aims.Core.Tests.Credentials;

public sealed class JwtSvidIssuerTests : IDisposable
{
    private static readonly string[] Audience = ["https://tools.example.org"];

    private readonly JwtTestAuthority _authority = new();
    private readonly JwtSvidIssuer _issuer = new();

    public void Dispose() => _authority.Dispose();

    [Fact]
    public void Mint_Es256Key_WritesJwtSvidHeaderAndClaims()
    {
        var svid = _issuer.Mint(_authority.Key, _authority.Agent, Audience, JwtTestAuthority.Now, TimeSpan.FromMinutes(5));

        Assert.Equal("""{"alg":"ES256","kid":"key-1","typ":"JWT"}""", JwtTestAuthority.DecodePart(svid.Token, 0));
        var now = JwtTestAuthority.NowSeconds;
        Assert.Equal(
            $$"""{"sub":"spiffe://example.org/agents/data-analyst","aud":"https://tools.example.org","exp":{{now + 300}},"iat":{{now}},"jti":"{{svid.Jti}}"}""",
            JwtTestAuthority.DecodePart(svid.Token, 1));
        Assert.Equal(86, svid.Token.Split('.')[2].Length);
        Assert.Equal(JwtTestAuthority.Now, svid.IssuedAt);
        Assert.Equal(JwtTestAuthority.Now.AddMinutes(5), svid.ExpiresAt);
        Assert.Equal(_authority.Agent, svid.Subject);
    }

    [Fact]
    public void Mint_SeveralAudiences_WritesArray()
    {
        string[] audience = ["https://a.example.org", "https://b.example.org"];

        var svid = _issuer.Mint(_authority.Key, _authority.Agent, audience, JwtTestAuthority.Now, TimeSpan.FromMinutes(5));

        using var payload = JsonDocument.Parse(JwtTestAuthority.DecodePart(svid.Token, 1));
        Assert.Equal(JsonValueKind.Array, payload.RootElement.GetProperty("aud").ValueKind);
        Assert.Equal(audience, svid.Audience);
        Assert.True(JwtSvidValidator.Validate(svid.Token, _authority.Bundle, ["https://b.example.org"], JwtTestAuthority.Now).IsValid);
    }

    [Fact]
    public void Mint_Repeatedly_UsesFreshRandomJti()
    {
        var jtis = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 100; i++)
        {
            var svid = _issuer.Mint(_authority.Key, _authority.Agent, Audience, JwtTestAuthority.Now, TimeSpan.FromMinutes(5));
            Assert.Equal(22, svid.Jti.Length);
            Assert.True(jtis.Add(svid.Jti));
            Assert.True(JwtSvidValidator.Validate(svid.Token, _authority.Bundle, Audience, JwtTestAuthority.Now).IsValid);
        }
    }

    [Fact]
    public void Mint_TtlBeyondKeyExpiry_CapsAtKeyNotAfter()
    {
        var svid = _issuer.Mint(_authority.Key, _authority.Agent, Audience, JwtTestAuthority.Now, TimeSpan.FromDays(30));

        Assert.Equal(_authority.Key.NotAfter, svid.ExpiresAt);
    }

    [Fact]
    public void Mint_AlternatingKeys_EachTokenNamesItsKey()
    {
        using var second = new JwtTestAuthority("key-2");

        var first = _issuer.Mint(_authority.Key, _authority.Agent, Audience, JwtTestAuthority.Now, TimeSpan.FromMinutes(5));
        var other = _issuer.Mint(second.Key, _authority.Agent, Audience, JwtTestAuthority.Now, TimeSpan.FromMinutes(5));
        var again = _issuer.Mint(_authority.Key, _authority.Agent, Audience, JwtTestAuthority.Now, TimeSpan.FromMinutes(5));

        Assert.True(JwtSvidValidator.Validate(first.Token, _authority.Bundle, Audience, JwtTestAuthority.Now).IsValid);
        Assert.True(JwtSvidValidator.Validate(other.Token, second.Bundle, Audience, JwtTestAuthority.Now).IsValid);
        Assert.True(JwtSvidValidator.Validate(again.Token, _authority.Bundle, Audience, JwtTestAuthority.Now).IsValid);
        Assert.Equal(CredentialErrors.UnknownKid, JwtSvidValidator.Validate(other.Token, _authority.Bundle, Audience, JwtTestAuthority.Now).Error);
    }

    [Fact]
    public void Mint_P384Key_SignsEs384()
    {
        using var key = new SigningCredential("p384", ECDsa.Create(ECCurve.NamedCurves.nistP384), JwtTestAuthority.Now.AddDays(1));
        var bundle = new JwtBundle(_authority.TrustDomain, new Dictionary<string, ECDsa> { ["p384"] = key.PrivateKey });

        var svid = _issuer.Mint(key, _authority.Agent, Audience, JwtTestAuthority.Now, TimeSpan.FromMinutes(5));

        Assert.StartsWith("""{"alg":"ES384",""", JwtTestAuthority.DecodePart(svid.Token, 0), StringComparison.Ordinal);
        Assert.True(JwtSvidValidator.Validate(svid.Token, bundle, Audience, JwtTestAuthority.Now).IsValid);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Mint_NonPositiveTtl_Throws(int seconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            _issuer.Mint(_authority.Key, _authority.Agent, Audience, JwtTestAuthority.Now, TimeSpan.FromSeconds(seconds)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Mint_ExpiredKey_Throws(int secondsPastKeyExpiry)
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            _issuer.Mint(_authority.Key, _authority.Agent, Audience, _authority.Key.NotAfter.AddSeconds(secondsPastKeyExpiry), TimeSpan.FromMinutes(5)));
        Assert.Contains("expired", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mint_KeyExpiringWithinTheSecond_Throws()
    {
        using var key = new SigningCredential("short", ECDsa.Create(ECCurve.NamedCurves.nistP256), JwtTestAuthority.Now.AddMilliseconds(500));

        var ex = Assert.Throws<ArgumentException>(() => _issuer.Mint(key, _authority.Agent, Audience, JwtTestAuthority.Now, TimeSpan.FromMinutes(5)));
        Assert.Contains("within the second", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Mint_NoUsableAudience_Throws(int emptyValues)
    {
        var audience = Enumerable.Repeat(string.Empty, emptyValues).ToArray();

        Assert.Throws<ArgumentException>(() =>
            _issuer.Mint(_authority.Key, _authority.Agent, audience, JwtTestAuthority.Now, TimeSpan.FromMinutes(5)));
    }
}
