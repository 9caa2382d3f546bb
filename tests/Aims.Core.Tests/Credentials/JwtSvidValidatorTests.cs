using System.Security.Cryptography;
using Aims.Core.Credentials;
using Aims.Core.Identity;

namespace Aims.Core.Tests.Credentials;

public sealed class JwtSvidValidatorTests : IDisposable
{
    private const string Header = """{"alg":"ES256","kid":"key-1","typ":"JWT"}""";
    private static readonly string[] Audience = ["https://tools.example.org"];

    private readonly JwtTestAuthority _authority = new();
    private readonly JwtSvidIssuer _issuer = new();

    public void Dispose() => _authority.Dispose();

    [Fact]
    public void Validate_MintedToken_ReturnsSameSvid()
    {
        var minted = _issuer.Mint(_authority.Key, _authority.Agent, Audience, JwtTestAuthority.Now, TimeSpan.FromMinutes(5));

        var result = JwtSvidValidator.Validate(minted.Token, _authority.Bundle, Audience, JwtTestAuthority.Now);

        Assert.True(result.IsValid, result.ToString());
        Assert.Null(result.Error);
        Assert.Equal(minted.Subject, result.Value.Subject);
        Assert.Equal(minted.Audience, result.Value.Audience);
        Assert.Equal(minted.IssuedAt, result.Value.IssuedAt);
        Assert.Equal(minted.ExpiresAt, result.Value.ExpiresAt);
        Assert.Equal("key-1", result.Value.Kid);
        Assert.Equal(minted.Jti, result.Value.Jti);
        Assert.Equal(minted.Token, result.Value.Token);
    }

    [Fact]
    public void Validate_NoExpectedAudience_StillAcceptsTokenWithAud()
    {
        var minted = _issuer.Mint(_authority.Key, _authority.Agent, Audience, JwtTestAuthority.Now, TimeSpan.FromMinutes(5));

        Assert.True(JwtSvidValidator.Validate(minted.Token, _authority.Bundle, null, JwtTestAuthority.Now).IsValid);
    }

    [Fact]
    public void Validate_EmptyExpectedAudience_Throws()
    {
        var minted = _issuer.Mint(_authority.Key, _authority.Agent, Audience, JwtTestAuthority.Now, TimeSpan.FromMinutes(5));

        Assert.Throws<ArgumentException>(() => JwtSvidValidator.Validate(minted.Token, _authority.Bundle, [], JwtTestAuthority.Now));
    }

    [Theory]
    [InlineData("\"https://tools.example.org\"")]
    [InlineData("[\"https://tools.example.org\"]")]
    [InlineData("[\"https://other.example.org\",\"https://tools.example.org\"]")]
    public void Validate_AudienceAsStringOrArray_Accepted(string aud)
    {
        var token = _authority.Sign(Header, Payload(aud: aud));

        var result = JwtSvidValidator.Validate(token, _authority.Bundle, Audience, JwtTestAuthority.Now);

        Assert.True(result.IsValid, result.ToString());
        Assert.Contains("https://tools.example.org", result.Value.Audience);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("JWT")]
    [InlineData("JOSE")]
    public void Validate_AllowedType_Accepted(string? typ)
    {
        var header = typ is null ? """{"alg":"ES256","kid":"key-1"}""" : $$"""{"alg":"ES256","kid":"key-1","typ":"{{typ}}"}""";

        Assert.True(JwtSvidValidator.Validate(_authority.Sign(header, Payload()), _authority.Bundle, Audience, JwtTestAuthority.Now).IsValid);
    }

    [Fact]
    public void Validate_TokenWithoutIatOrJti_ReportsMinValueAndEmptyJti()
    {
        var payload = $$"""{"sub":"spiffe://example.org/agents/data-analyst","aud":"https://tools.example.org","exp":{{JwtTestAuthority.NowSeconds + 60}}}""";

        var result = JwtSvidValidator.Validate(_authority.Sign(Header, payload), _authority.Bundle, Audience, JwtTestAuthority.Now);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(DateTimeOffset.MinValue, result.Value.IssuedAt);
        Assert.Equal(string.Empty, result.Value.Jti);
    }

    [Theory]
    [InlineData(29, true)]
    [InlineData(30, false)]
    [InlineData(31, false)]
    public void Validate_AroundExpiry_HonoursDefaultSkew(int secondsAfterExpiry, bool valid)
    {
        var minted = _issuer.Mint(_authority.Key, _authority.Agent, Audience, JwtTestAuthority.Now, TimeSpan.FromMinutes(5));

        var result = JwtSvidValidator.Validate(minted.Token, _authority.Bundle, Audience, minted.ExpiresAt.AddSeconds(secondsAfterExpiry));

        Assert.Equal(valid, result.IsValid);
        if (!valid)
            Assert.Equal(CredentialErrors.Expired, result.Error);
    }

    [Fact]
    public void Validate_ExpiredWithinCustomSkew_Accepted()
    {
        var ttl = TimeSpan.FromMinutes(5);
        var minted = _issuer.Mint(_authority.Key, _authority.Agent, Audience, JwtTestAuthority.Now, ttl);
        var later = JwtTestAuthority.Now + ttl + TimeSpan.FromSeconds(90);

        Assert.True(JwtSvidValidator.Validate(minted.Token, _authority.Bundle, Audience, later, TimeSpan.FromMinutes(2)).IsValid);
        Assert.Equal(CredentialErrors.Expired, JwtSvidValidator.Validate(minted.Token, _authority.Bundle, Audience, later, TimeSpan.Zero).Error);
    }

    [Fact]
    public void Validate_AfterTtlPlusSkewPlusOneSecond_Expired()
    {
        var ttl = TimeSpan.FromMinutes(5);
        var minted = _issuer.Mint(_authority.Key, _authority.Agent, Audience, JwtTestAuthority.Now, ttl);
        var later = JwtTestAuthority.Now + ttl + CredentialValidationWindow.DefaultClockSkew + TimeSpan.FromSeconds(1);

        var result = JwtSvidValidator.Validate(minted.Token, _authority.Bundle, Audience, later);

        Assert.False(result.IsValid);
        Assert.Equal(CredentialErrors.Expired, result.Error);
        Assert.Contains("expired at", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WrongAudience_NamesBothSides()
    {
        var minted = _issuer.Mint(_authority.Key, _authority.Agent, Audience, JwtTestAuthority.Now, TimeSpan.FromMinutes(5));

        var result = JwtSvidValidator.Validate(minted.Token, _authority.Bundle, ["https://payments.example.org"], JwtTestAuthority.Now);

        Assert.Equal(CredentialErrors.WrongAudience, result.Error);
        Assert.Contains("https://tools.example.org", result.Detail, StringComparison.Ordinal);
        Assert.Contains("https://payments.example.org", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TamperedPayload_BadSignature()
    {
        var minted = _issuer.Mint(_authority.Key, _authority.Agent, Audience, JwtTestAuthority.Now, TimeSpan.FromMinutes(5));
        var parts = minted.Token.Split('.');
        var payload = JwtTestAuthority.DecodePart(minted.Token, 1).Replace(
            $"\"exp\":{minted.ExpiresAt.ToUnixTimeSeconds()}", $"\"exp\":{minted.ExpiresAt.AddDays(30).ToUnixTimeSeconds()}", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{JwtTestAuthority.Encode(payload)}.{parts[2]}";
        Assert.NotEqual(minted.Token, tampered);

        Assert.Equal(CredentialErrors.BadSignature, JwtSvidValidator.Validate(tampered, _authority.Bundle, Audience, JwtTestAuthority.Now).Error);
    }

    [Fact]
    public void Validate_TamperedSignature_BadSignature()
    {
        var minted = _issuer.Mint(_authority.Key, _authority.Agent, Audience, JwtTestAuthority.Now, TimeSpan.FromMinutes(5));
        var tampered = JwtTestAuthority.TamperSignature(minted.Token);

        Assert.Equal(CredentialErrors.BadSignature, JwtSvidValidator.Validate(tampered, _authority.Bundle, Audience, JwtTestAuthority.Now).Error);
    }

    [Fact]
    public void Validate_SignedBySameKidOtherKey_BadSignature()
    {
        using var impostor = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var result = JwtSvidValidator.Validate(_authority.Sign(Header, Payload(), impostor), _authority.Bundle, Audience, JwtTestAuthority.Now);

        Assert.Equal(CredentialErrors.BadSignature, result.Error);
    }

    [Fact]
    public void Validate_HmacSignedToken_UnsupportedAlgorithm()
    {
        var token = JwtTestAuthority.HmacSign("""{"alg":"HS256","kid":"key-1","typ":"JWT"}""", Payload(), RandomNumberGenerator.GetBytes(32));

        var result = JwtSvidValidator.Validate(token, _authority.Bundle, Audience, JwtTestAuthority.Now);

        Assert.Equal(CredentialErrors.UnsupportedAlgorithm, result.Error);
        Assert.Contains("'HS256'", result.Detail, StringComparison.Ordinal);
        Assert.Contains("never accepted", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WitPresentedAsJwtSvid_WrongType()
    {
        var header = """{"alg":"ES256","kid":"key-1","typ":"wit+jwt"}""";

        var result = JwtSvidValidator.Validate(_authority.Sign(header, Payload()), _authority.Bundle, Audience, JwtTestAuthority.Now);

        Assert.Equal(CredentialErrors.WrongType, result.Error);
    }

    public static TheoryData<string, string, string> RefusedTokens() => new()
    {
        { "alg none", CredentialErrors.UnsupportedAlgorithm, "alg 'none' is never accepted" },
        { "alg RS256 with EC key", CredentialErrors.UnsupportedAlgorithm, "unsupported key type" },
        { "alg EdDSA", CredentialErrors.UnsupportedAlgorithm, "not allowed for SVIDs" },
        { "alg es256 lowercase", CredentialErrors.UnsupportedAlgorithm, "not allowed for SVIDs" },
        { "alg ES384 with P-256 key", CredentialErrors.BadSignature, "384-bit" },
        { "typ wrong", CredentialErrors.WrongType, "JWT-SVID §2.3" },
        { "kid missing", CredentialErrors.UnknownKid, "no 'kid'" },
        { "kid unknown", CredentialErrors.UnknownKid, "kid 'key-9' is not in the bundle" },
        { "aud missing", CredentialErrors.MissingClaim, "'aud'" },
        { "aud empty array", CredentialErrors.MissingClaim, "at least one value" },
        { "aud number", CredentialErrors.Malformed, "'aud'" },
        { "aud array of numbers", CredentialErrors.Malformed, "'aud'" },
        { "sub missing", CredentialErrors.MissingClaim, "'sub'" },
        { "sub not a SPIFFE ID", CredentialErrors.Malformed, "not a SPIFFE ID" },
        { "sub number", CredentialErrors.Malformed, "'sub'" },
        { "sub in other trust domain", CredentialErrors.WrongTrustDomain, "'other.org'" },
        { "exp missing", CredentialErrors.MissingClaim, "'exp'" },
        { "exp string", CredentialErrors.Malformed, "JSON number" },
        { "exp past", CredentialErrors.Expired, "expired at" },
        { "nbf future", CredentialErrors.NotYetValid, "not valid before" },
        { "iat future", CredentialErrors.NotYetValid, "issued in the future" },
        { "iat string", CredentialErrors.Malformed, "'iat'" },
        { "jti number", CredentialErrors.Malformed, "'jti'" },
        { "padding", CredentialErrors.Malformed, "base64url" },
        { "two parts", CredentialErrors.Malformed, "exactly 3 parts" },
        { "four parts", CredentialErrors.Malformed, "exactly 3 parts" },
        { "oversized", CredentialErrors.TooLarge, "token is larger than 8192 bytes" },
        { "duplicate claim", CredentialErrors.Malformed, "Duplicate" },
        { "duplicate header member", CredentialErrors.Malformed, "Duplicate" },
        { "crit header", CredentialErrors.Malformed, "'crit'" },
        { "jwk header", CredentialErrors.Malformed, "'jwk'" },
        { "jku header", CredentialErrors.Malformed, "'jku'" },
        { "payload not an object", CredentialErrors.Malformed, "JSON object" },
        { "empty token", CredentialErrors.Malformed, "empty" },
    };

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public void Validate_RefusedToken_ReturnsErrorAndDetail(string scenario, string expectedError, string detailFragment)
    {
        var result = JwtSvidValidator.Validate(Craft(scenario), _authority.Bundle, Audience, JwtTestAuthority.Now);

        Assert.False(result.IsValid);
        Assert.Null(result.Value);
        Assert.Equal(expectedError, result.Error);
        Assert.Contains(detailFragment, result.Detail, StringComparison.Ordinal);
    }

    private string Craft(string scenario)
    {
        var now = JwtTestAuthority.NowSeconds;
        var sign = (string header, string payload) => _authority.Sign(header, payload);
        var valid = sign(Header, Payload());
        return scenario switch
        {
            "alg none" => JwtTestAuthority.Encode("""{"alg":"none","kid":"key-1","typ":"JWT"}""") + "." + JwtTestAuthority.Encode(Payload()) + ".",
            "alg RS256 with EC key" => sign("""{"alg":"RS256","kid":"key-1","typ":"JWT"}""", Payload()),
            "alg EdDSA" => sign("""{"alg":"EdDSA","kid":"key-1","typ":"JWT"}""", Payload()),
            "alg es256 lowercase" => sign("""{"alg":"es256","kid":"key-1","typ":"JWT"}""", Payload()),
            "alg ES384 with P-256 key" => sign("""{"alg":"ES384","kid":"key-1","typ":"JWT"}""", Payload()),
            "typ wrong" => sign("""{"alg":"ES256","kid":"key-1","typ":"at+jwt"}""", Payload()),
            "kid missing" => sign("""{"alg":"ES256","typ":"JWT"}""", Payload()),
            "kid unknown" => sign("""{"alg":"ES256","kid":"key-9","typ":"JWT"}""", Payload()),
            "aud missing" => sign(Header, Payload(aud: null)),
            "aud empty array" => sign(Header, Payload(aud: "[]")),
            "aud number" => sign(Header, Payload(aud: "42")),
            "aud array of numbers" => sign(Header, Payload(aud: "[42]")),
            "sub missing" => sign(Header, Payload(sub: null)),
            "sub not a SPIFFE ID" => sign(Header, Payload(sub: "\"https://example.org/agent\"")),
            "sub number" => sign(Header, Payload(sub: "7")),
            "sub in other trust domain" => sign(Header, Payload(sub: "\"spiffe://other.org/agents/data-analyst\"")),
            "exp missing" => sign(Header, Payload(exp: null)),
            "exp string" => sign(Header, Payload(exp: $"\"{now + 60}\"")),
            "exp past" => sign(Header, Payload(exp: $"{now - 31}")),
            "nbf future" => sign(Header, Payload(extra: $",\"nbf\":{now + 31}")),
            "iat future" => sign(Header, Payload(iat: $"{now + 31}")),
            "iat string" => sign(Header, Payload(iat: "\"yesterday\"")),
            "jti number" => sign(Header, Payload(extra: ",\"jti\":5")),
            "padding" => JwtTestAuthority.Encode(Header) + "=." + string.Join('.', valid.Split('.')[1..]),
            "two parts" => valid[..valid.LastIndexOf('.')],
            "four parts" => valid + ".AAAA",
            "oversized" => sign(Header, Payload(extra: $",\"pad\":\"{new string('a', 8192)}\"")),
            "duplicate claim" => sign(Header, Payload(extra: ",\"sub\":\"spiffe://example.org/agents/admin\"")),
            "duplicate header member" => sign("""{"alg":"ES256","kid":"key-1","kid":"key-1","typ":"JWT"}""", Payload()),
            "crit header" => sign("""{"alg":"ES256","kid":"key-1","typ":"JWT","crit":["exp"]}""", Payload()),
            "jwk header" => sign("""{"alg":"ES256","kid":"key-1","typ":"JWT","jwk":{"kty":"EC"}}""", Payload()),
            "jku header" => sign("""{"alg":"ES256","kid":"key-1","typ":"JWT","jku":"https://evil.example/jwks"}""", Payload()),
            "payload not an object" => sign(Header, "[1,2]"),
            "empty token" => string.Empty,
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null),
        };
    }

    private static string Payload(
        string? sub = "\"spiffe://example.org/agents/data-analyst\"",
        string? aud = "\"https://tools.example.org\"",
        string? exp = "",
        string? iat = "",
        string extra = "")
    {
        var now = JwtTestAuthority.NowSeconds;
        exp = exp == "" ? (now + 300).ToString(System.Globalization.CultureInfo.InvariantCulture) : exp;
        iat = iat == "" ? now.ToString(System.Globalization.CultureInfo.InvariantCulture) : iat;
        var members = new List<string>();
        if (sub is not null)
            members.Add($"\"sub\":{sub}");
        if (aud is not null)
            members.Add($"\"aud\":{aud}");
        if (exp is not null)
            members.Add($"\"exp\":{exp}");
        if (iat is not null)
            members.Add($"\"iat\":{iat}");
        return "{" + string.Join(',', members) + extra + "}";
    }
}
