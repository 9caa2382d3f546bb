using System.Security.Cryptography;
using Aims.Core.Credentials;
using Aims.Core.OAuth;
using Aims.Core.Tests.Credentials;
using static Aims.Core.Tests.OAuth.OAuthTestTokens;

namespace Aims.Core.Tests.OAuth;

public sealed class AccessTokenValidatorTests : IDisposable
{
    private const string Header = """{"alg":"ES256","kid":"key-1","typ":"at+jwt"}""";
    private const string Thumbprint = "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg0";

    private readonly JwtTestAuthority _authority = new();
    private readonly AccessTokenIssuer _issuer = new();

    public void Dispose() => _authority.Dispose();

    private static (string, string)[] Claims() =>
    [
        ("iss", Quote(Issuer)),
        ("sub", Quote("user-42")),
        ("aud", Quote(Resource)),
        ("client_id", Quote(Agent)),
        ("iat", Seconds(0)),
        ("exp", Seconds(300)),
        ("jti", Quote("jti-1")),
        ("scope", Quote("files:read")),
    ];

    private CredentialValidationResult<AccessToken> Validate(string token, DateTimeOffset? now = null) =>
        AccessTokenValidator.Validate(token, _authority.Bundle, Issuer, Resource, now ?? JwtTestAuthority.Now);

    [Fact]
    public void Validate_MintedToken_RoundTrips()
    {
        var request = new AccessTokenRequest
        {
            Issuer = Issuer,
            Subject = "user-42",
            Audience = [Resource, "https://other.example.org"],
            ClientId = Agent,
            Scope = ScopeSet.Parse("tools:invoke files:read"),
            Ttl = TimeSpan.FromMinutes(5),
            Actors = [Agent, "spiffe://example.org/agents/orchestrator"],
            CnfX5tS256 = Thumbprint,
        };
        var minted = _issuer.Mint(_authority.Key, request, JwtTestAuthority.Now);

        var result = Validate(minted.Token);

        Assert.True(result.IsValid, result.ToString());
        var token = result.Value;
        Assert.Equal(minted.Token, token.Token);
        Assert.Equal(minted.Jti, token.Jti);
        Assert.Equal(Issuer, token.Issuer);
        Assert.Equal("user-42", token.Subject);
        Assert.Equal(Agent, token.ClientId);
        Assert.Equal(minted.Audience, token.Audience);
        Assert.Equal(request.Scope, token.Scope);
        Assert.Equal(minted.IssuedAt, token.IssuedAt);
        Assert.Equal(minted.ExpiresAt, token.ExpiresAt);
        Assert.Equal(request.Actors, token.Actors);
        Assert.Equal(Agent, token.Actor);
        Assert.Equal(Thumbprint, token.CnfX5tS256);
        Assert.Equal("key-1", token.Kid);
    }

    [Fact]
    public void Validate_MinimalMintedToken_NoScopeNoActorsNoCnf()
    {
        var minted = _issuer.Mint(_authority.Key, new AccessTokenRequest
        {
            Issuer = Issuer, Subject = Agent, Audience = [Resource], ClientId = Agent, Ttl = TimeSpan.FromMinutes(1),
        }, JwtTestAuthority.Now);

        var result = Validate(minted.Token);

        Assert.True(result.IsValid, result.ToString());
        Assert.True(result.Value.Scope.IsEmpty);
        Assert.Empty(result.Value.Actors);
        Assert.Null(result.Value.CnfX5tS256);
    }

    [Fact]
    public void Validate_NoExpectedAudience_StillRequiresAud()
    {
        var token = _authority.Sign(Header, Payload(Claims()));
        var withoutAud = _authority.Sign(Header, Payload(Claims(), ("aud", null)));

        Assert.True(AccessTokenValidator.Validate(token, _authority.Bundle, Issuer, null, JwtTestAuthority.Now).IsValid);
        Assert.Equal(CredentialErrors.MissingClaim,
            AccessTokenValidator.Validate(withoutAud, _authority.Bundle, Issuer, null, JwtTestAuthority.Now).Error);
    }

    [Theory]
    [InlineData("at+jwt")]
    [InlineData("at+JWT")]
    [InlineData("AT+JWT")]
    [InlineData("application/at+jwt")]
    [InlineData("Application/At+Jwt")]
    public void Validate_AccessTokenTypeSpellings_Accepted(string typ)
    {
        var token = _authority.Sign($$"""{"alg":"ES256","kid":"key-1","typ":"{{typ}}"}""", Payload(Claims()));

        Assert.True(Validate(token).IsValid);
    }

    [Theory]
    [InlineData("\"" + Resource + "\"")]
    [InlineData("[\"" + Resource + "\"]")]
    [InlineData("[\"https://other.example.org\",\"" + Resource + "\"]")]
    public void Validate_AudienceAsStringOrArray_Accepted(string aud)
    {
        Assert.True(Validate(_authority.Sign(Header, Payload(Claims(), ("aud", aud)))).IsValid);
    }

    [Fact]
    public void Validate_ActorChainOfEight_Accepted()
    {
        var token = _authority.Sign(Header, Payload(Claims(), ("act", Actors(8))));

        var result = Validate(token);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(8, result.Value.Actors.Count);
        Assert.Equal("actor-0", result.Value.Actor);
        Assert.Equal("actor-7", result.Value.Actors[7]);
    }

    [Fact]
    public void Validate_ActorWithIssuer_ReadsSubOnly()
    {
        var token = _authority.Sign(Header, Payload(Claims(), ("act", """{"sub":"planner","iss":"https://other.example"}""")));

        Assert.Equal(["planner"], Validate(token).Value!.Actors);
    }

    [Theory]
    [InlineData(29, true)]
    [InlineData(30, false)]
    public void Validate_AroundExpiry_HonoursDefaultSkew(int secondsAfterExpiry, bool valid)
    {
        var token = _authority.Sign(Header, Payload(Claims()));

        var result = Validate(token, JwtTestAuthority.Now.AddSeconds(300 + secondsAfterExpiry));

        Assert.Equal(valid, result.IsValid);
    }

    [Fact]
    public void Validate_CustomSkew_Applied()
    {
        var token = _authority.Sign(Header, Payload(Claims()));
        var later = JwtTestAuthority.Now.AddSeconds(300 + 90);

        Assert.True(AccessTokenValidator.Validate(token, _authority.Bundle, Issuer, Resource, later, TimeSpan.FromMinutes(2)).IsValid);
        Assert.Equal(CredentialErrors.Expired, AccessTokenValidator.Validate(token, _authority.Bundle, Issuer, Resource, later, TimeSpan.Zero).Error);
    }

    [Fact]
    public void Validate_BadArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => AccessTokenValidator.Validate("x", _authority.Bundle, "", Resource, JwtTestAuthority.Now));
        Assert.Throws<ArgumentException>(() => AccessTokenValidator.Validate("x", _authority.Bundle, Issuer, "", JwtTestAuthority.Now));
    }

    public static TheoryData<string, string, string> RefusedTokens() => new()
    {
        { "alg none", CredentialErrors.UnsupportedAlgorithm, "alg 'none' is never accepted" },
        { "alg HS256", CredentialErrors.UnsupportedAlgorithm, "symmetric (HMAC)" },
        { "alg RS256", CredentialErrors.UnsupportedAlgorithm, "'RS256' is not accepted" },
        { "alg ES384 with P-256 key", CredentialErrors.BadSignature, "384-bit" },
        { "typ JWT", CredentialErrors.WrongType, "got 'JWT'" },
        { "typ missing", CredentialErrors.WrongType, "typ is missing" },
        { "typ wit+jwt", CredentialErrors.WrongType, "got 'wit+jwt'" },
        { "typ txntoken+jwt", CredentialErrors.WrongType, "Txn-Token header" },
        { "kid missing", CredentialErrors.UnknownKid, "no 'kid'" },
        { "kid unknown", CredentialErrors.UnknownKid, "kid 'key-9' is not among" },
        { "tampered payload", CredentialErrors.BadSignature, "does not verify" },
        { "tampered signature", CredentialErrors.BadSignature, "does not verify" },
        { "signed by another key", CredentialErrors.BadSignature, "does not verify" },
        { "iss wrong", AccessTokenValidator.WrongIssuer, "issued by 'https://evil.example.org'" },
        { "iss trailing slash", AccessTokenValidator.WrongIssuer, "not by 'https://aims.example.org'" },
        { "iss missing", CredentialErrors.MissingClaim, "'iss'" },
        { "aud wrong", CredentialErrors.WrongAudience, "not for 'https://tools.example.org'" },
        { "aud missing", CredentialErrors.MissingClaim, "'aud'" },
        { "aud empty array", CredentialErrors.MissingClaim, "at least one value" },
        { "aud number", CredentialErrors.Malformed, "'aud'" },
        { "exp past", CredentialErrors.Expired, "expired at" },
        { "exp missing", CredentialErrors.MissingClaim, "'exp'" },
        { "exp string", CredentialErrors.Malformed, "JSON number" },
        { "nbf future", CredentialErrors.NotYetValid, "not valid before" },
        { "iat future", CredentialErrors.NotYetValid, "issued in the future" },
        { "iat missing", CredentialErrors.MissingClaim, "'iat'" },
        { "sub missing", CredentialErrors.MissingClaim, "'sub'" },
        { "sub empty", CredentialErrors.Malformed, "'sub' claim must not be empty" },
        { "client_id missing", CredentialErrors.MissingClaim, "'client_id'" },
        { "client_id number", CredentialErrors.Malformed, "'client_id'" },
        { "jti missing", CredentialErrors.MissingClaim, "'jti'" },
        { "scope invalid", CredentialErrors.Malformed, "'scope' claim is not valid" },
        { "scope array", CredentialErrors.Malformed, "'scope' claim must be a JSON string" },
        { "act depth 9", CredentialErrors.Malformed, "deeper than 8" },
        { "act string", CredentialErrors.Malformed, "'act' claim must be a JSON object" },
        { "act without sub", CredentialErrors.Malformed, "non-empty string 'sub'" },
        { "cnf jkt", CredentialErrors.ForbiddenClaim, "'jkt'" },
        { "cnf bad thumbprint", CredentialErrors.Malformed, "x5t#S256" },
        { "cnf empty", CredentialErrors.Malformed, "no confirmation method" },
        { "oversized", CredentialErrors.TooLarge, "larger than 8192" },
        { "jwk header", CredentialErrors.Malformed, "'jwk'" },
        { "two parts", CredentialErrors.Malformed, "exactly 3 parts" },
        { "empty", CredentialErrors.Malformed, "empty" },
    };

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public void Validate_RefusedToken_ReturnsErrorAndDetail(string scenario, string expectedError, string detailFragment)
    {
        var result = Validate(Craft(scenario));

        Assert.False(result.IsValid);
        Assert.Null(result.Value);
        Assert.Equal(expectedError, result.Error);
        Assert.Contains(detailFragment, result.Detail, StringComparison.Ordinal);
    }

    /// <summary>What only the signature check refuses: the issuer's check of its own tokens lets these through.</summary>
    private static readonly HashSet<string> RefusedOnlyBySignature =
        ["alg ES384 with P-256 key", "tampered payload", "tampered signature", "signed by another key"];

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public void ValidateClaimsOfOwnToken_RefusedToken_RefusedAsValidateDoesUnlessOnlyTheSignatureIsWrong(string scenario, string expectedError, string detailFragment)
    {
        var result = AccessTokenValidator.ValidateClaimsOfOwnToken(Craft(scenario), _authority.Bundle, Issuer, Resource, JwtTestAuthority.Now);

        if (RefusedOnlyBySignature.Contains(scenario))
        {
            Assert.True(result.IsValid, result.ToString());
            return;
        }

        Assert.False(result.IsValid);
        Assert.Equal(expectedError, result.Error);
        Assert.Contains(detailFragment, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateClaimsOfOwnToken_MintedToken_ReadsWhatValidateReads()
    {
        var minted = _issuer.Mint(_authority.Key, new AccessTokenRequest
        {
            Issuer = Issuer,
            Subject = "user-42",
            Audience = [Resource],
            ClientId = Agent,
            Scope = ScopeSet.Parse("files:read"),
            Ttl = TimeSpan.FromMinutes(5),
            Actors = [Agent],
            CnfX5tS256 = Thumbprint,
        }, JwtTestAuthority.Now);

        var claims = AccessTokenValidator.ValidateClaimsOfOwnToken(minted.Token, _authority.Bundle, Issuer, Resource, JwtTestAuthority.Now);
        var full = Validate(minted.Token);

        Assert.True(claims.IsValid, claims.ToString());
        Assert.Equivalent(full.Value, claims.Value, strict: true);
    }

    private string Craft(string scenario)
    {
        var sign = (string payload) => _authority.Sign(Header, payload);
        var valid = sign(Payload(Claims()));
        return scenario switch
        {
            "alg none" => JwtTestAuthority.Encode("""{"alg":"none","kid":"key-1","typ":"at+jwt"}""") + "." + JwtTestAuthority.Encode(Payload(Claims())) + ".",
            "alg HS256" => JwtTestAuthority.HmacSign("""{"alg":"HS256","kid":"key-1","typ":"at+jwt"}""", Payload(Claims()), RandomNumberGenerator.GetBytes(32)),
            "alg RS256" => _authority.Sign("""{"alg":"RS256","kid":"key-1","typ":"at+jwt"}""", Payload(Claims())),
            "alg ES384 with P-256 key" => _authority.Sign("""{"alg":"ES384","kid":"key-1","typ":"at+jwt"}""", Payload(Claims())),
            "typ JWT" => _authority.Sign("""{"alg":"ES256","kid":"key-1","typ":"JWT"}""", Payload(Claims())),
            "typ missing" => _authority.Sign("""{"alg":"ES256","kid":"key-1"}""", Payload(Claims())),
            "typ wit+jwt" => _authority.Sign("""{"alg":"ES256","kid":"key-1","typ":"wit+jwt"}""", Payload(Claims())),
            "typ txntoken+jwt" => _authority.Sign("""{"alg":"ES256","kid":"key-1","typ":"txntoken+jwt"}""", Payload(Claims())),
            "kid missing" => _authority.Sign("""{"alg":"ES256","typ":"at+jwt"}""", Payload(Claims())),
            "kid unknown" => _authority.Sign("""{"alg":"ES256","kid":"key-9","typ":"at+jwt"}""", Payload(Claims())),
            "tampered payload" => valid.Split('.')[0] + "." + JwtTestAuthority.Encode(Payload(Claims(), ("scope", Quote("admin")))) + "." + valid.Split('.')[2],
            "tampered signature" => JwtTestAuthority.TamperSignature(valid),
            "signed by another key" => SignWithOtherKey(Payload(Claims())),
            "iss wrong" => sign(Payload(Claims(), ("iss", Quote("https://evil.example.org")))),
            "iss trailing slash" => sign(Payload(Claims(), ("iss", Quote(Issuer + "/")))),
            "iss missing" => sign(Payload(Claims(), ("iss", null))),
            "aud wrong" => sign(Payload(Claims(), ("aud", Quote("https://payments.example.org")))),
            "aud missing" => sign(Payload(Claims(), ("aud", null))),
            "aud empty array" => sign(Payload(Claims(), ("aud", "[]"))),
            "aud number" => sign(Payload(Claims(), ("aud", "1"))),
            "exp past" => sign(Payload(Claims(), ("iat", Seconds(-600)), ("exp", Seconds(-31)))),
            "exp missing" => sign(Payload(Claims(), ("exp", null))),
            "exp string" => sign(Payload(Claims(), ("exp", Quote(Seconds(300))))),
            "nbf future" => sign(Payload(Claims(), ("nbf", Seconds(31)))),
            "iat future" => sign(Payload(Claims(), ("iat", Seconds(31)))),
            "iat missing" => sign(Payload(Claims(), ("iat", null))),
            "sub missing" => sign(Payload(Claims(), ("sub", null))),
            "sub empty" => sign(Payload(Claims(), ("sub", Quote("")))),
            "client_id missing" => sign(Payload(Claims(), ("client_id", null))),
            "client_id number" => sign(Payload(Claims(), ("client_id", "7"))),
            "jti missing" => sign(Payload(Claims(), ("jti", null))),
            "scope invalid" => sign(Payload(Claims(), ("scope", Quote("read  write")))),
            "scope array" => sign(Payload(Claims(), ("scope", """["read"]"""))),
            "act depth 9" => sign(Payload(Claims(), ("act", Actors(9)))),
            "act string" => sign(Payload(Claims(), ("act", Quote("planner")))),
            "act without sub" => sign(Payload(Claims(), ("act", """{"sub":"planner","act":{"iss":"x"}}"""))),
            "cnf jkt" => sign(Payload(Claims(), ("cnf", $$"""{"jkt":"{{Thumbprint}}"}"""))),
            "cnf bad thumbprint" => sign(Payload(Claims(), ("cnf", """{"x5t#S256":"abc"}"""))),
            "cnf empty" => sign(Payload(Claims(), ("cnf", "{}"))),
            "oversized" => sign(Payload(Claims(), ("pad", Quote(new string('a', 8192))))),
            "jwk header" => _authority.Sign("""{"alg":"ES256","kid":"key-1","typ":"at+jwt","jwk":{"kty":"EC"}}""", Payload(Claims())),
            "two parts" => valid[..valid.LastIndexOf('.')],
            "empty" => string.Empty,
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null),
        };
    }

    private string SignWithOtherKey(string payload)
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return _authority.Sign(Header, payload, other);
    }

    /// <summary><c>{"sub":"actor-0","act":{"sub":"actor-1",…}}</c>, <paramref name="depth"/> levels.</summary>
    private static string Actors(int depth)
    {
        var json = string.Empty;
        for (var i = depth - 1; i >= 0; i--)
            json = json.Length == 0 ? $$"""{"sub":"actor-{{i}}"}""" : $$"""{"sub":"actor-{{i}}","act":{{json}}}""";
        return json;
    }
}
