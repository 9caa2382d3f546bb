using Aims.Core.Credentials;
using Aims.Core.OAuth;
using Aims.Core.Tests.Credentials;
using static Aims.Core.Tests.OAuth.OAuthTestTokens;

namespace Aims.Core.Tests.OAuth;

public sealed class JwtAuthorizationGrantValidatorTests : IDisposable
{
    private const string Header = """{"alg":"ES256","kid":"ec256","typ":"JWT"}""";
    private static readonly string[] Audiences = [Issuer, TokenEndpoint];

    private readonly PartnerIssuer _partner = new();

    public void Dispose() => _partner.Dispose();

    private JwtAuthorizationGrantContext Context() => new(_partner.Trusted, _partner.Keys, Audiences);

    private static (string, string)[] Claims() =>
    [
        ("iss", Quote(PartnerIssuer.Issuer)),
        ("sub", Quote(PartnerIssuer.Subject)),
        ("aud", Quote(TokenEndpoint)),
        ("exp", Seconds(120)),
        ("iat", Seconds(0)),
        ("jti", Quote("grant-1")),
    ];

    private OAuthResult<ValidatedJwtAuthorizationGrant> Validate(string payload, string header = Header, string alg = "ES256") =>
        JwtAuthorizationGrantValidator.Validate(_partner.Sign(header, payload, alg), Context(), JwtTestAuthority.Now);

    /// <summary>Asserts an invalid_grant (RFC 7523 §3.1) whose description contains <paramref name="expected"/>.</summary>
    private static void AssertRefused(OAuthResult<ValidatedJwtAuthorizationGrant> result, string expected)
    {
        Assert.False(result.IsSuccess);
        Assert.Equal(OAuthErrors.InvalidGrant, result.Error.Error);
        Assert.Contains(expected, result.Error.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ES256", "ec256")]
    [InlineData("ES384", "ec384")]
    [InlineData("RS256", "rsa")]
    [InlineData("PS256", "rsa")]
    public void Validate_SignedWithAcceptedAlgorithm_ReturnsGrant(string alg, string kid)
    {
        var result = Validate(Payload(Claims()), $$"""{"alg":"{{alg}}","kid":"{{kid}}"}""", alg);

        Assert.True(result.IsSuccess, result.ToString());
        var grant = result.Value;
        Assert.Equal(PartnerIssuer.Issuer, grant.Issuer);
        Assert.Equal(PartnerIssuer.Subject, grant.Subject.ToString());
        Assert.Equal("grant-1", grant.Jti);
        Assert.Equal(kid, grant.Kid);
        Assert.Equal(JwtTestAuthority.Now.AddSeconds(120), grant.ExpiresAt);
        Assert.Equal(grant.ExpiresAt + CredentialValidationWindow.DefaultClockSkew, grant.ReplayWindowEnd);
    }

    [Theory]
    [InlineData("\"" + Issuer + "\"")]
    [InlineData("[\"https://elsewhere.example\",\"" + TokenEndpoint + "\"]")]
    public void Validate_AudienceIsIssuerOrAmongOthers_Accepted(string aud)
    {
        Assert.True(Validate(Payload(Claims(), ("aud", aud))).IsSuccess);
    }

    [Fact]
    public void Validate_AlgNone_RefusedNeverAccepted()
    {
        var token = JwtTestAuthority.Encode("""{"alg":"none","kid":"ec256"}""") + "." + JwtTestAuthority.Encode(Payload(Claims())) + ".";

        AssertRefused(JwtAuthorizationGrantValidator.Validate(token, Context(), JwtTestAuthority.Now), "alg 'none' is never accepted");
    }

    [Fact]
    public void Validate_Hs256KeyedWithAPublicKey_RefusedAsSymmetric()
    {
        // The classic confusion attack: HMAC keyed with the issuer's public key material.
        var token = JwtTestAuthority.HmacSign("""{"alg":"HS256","kid":"ec256"}""", Payload(Claims()), System.Text.Encoding.UTF8.GetBytes(_partner.JwksJson));

        AssertRefused(JwtAuthorizationGrantValidator.Validate(token, Context(), JwtTestAuthority.Now), "symmetric (HMAC)");
    }

    [Theory]
    [InlineData("RS384")]
    [InlineData("ES512")]
    [InlineData("EdDSA")]
    public void Validate_OtherAlgorithm_RefusedNamingTheAcceptedOnes(string alg)
    {
        var token = JwtTestAuthority.Encode($$"""{"alg":"{{alg}}","kid":"rsa"}""") + "." + JwtTestAuthority.Encode(Payload(Claims())) + ".AAAA";

        AssertRefused(JwtAuthorizationGrantValidator.Validate(token, Context(), JwtTestAuthority.Now), "ES256, ES384, RS256, PS256");
    }

    [Theory]
    [InlineData("at+jwt")]
    [InlineData("wit+jwt")]
    [InlineData("client-authentication+jwt")]
    [InlineData("txntoken+jwt")]
    public void Validate_TypedAsAnotherKindOfJwt_Refused(string typ)
    {
        AssertRefused(Validate(Payload(Claims()), $$"""{"alg":"ES256","kid":"ec256","typ":"{{typ}}"}"""), $"typ '{typ}'");
    }

    [Fact]
    public void Validate_IssOfAnotherIssuer_Refused()
    {
        AssertRefused(Validate(Payload(Claims(), ("iss", Quote("https://as.other.example")))), "'iss' is 'https://as.other.example'");
    }

    [Fact]
    public void Validate_NoIss_Refused()
    {
        AssertRefused(Validate(Payload(Claims(), ("iss", null))), "'iss' claim is required");
    }

    [Fact]
    public void Validate_NoKid_Refused()
    {
        AssertRefused(Validate(Payload(Claims()), """{"alg":"ES256"}"""), "no 'kid'");
    }

    [Fact]
    public void Validate_UnknownKid_RefusedNamingIt()
    {
        AssertRefused(Validate(Payload(Claims()), """{"alg":"ES256","kid":"rotated-away"}"""), "kid 'rotated-away' is not among the keys");
    }

    [Fact]
    public void Validate_KidOfAKeyOfAnotherType_Refused()
    {
        // ES256 header naming the RSA key: the key type decides, not the header.
        AssertRefused(Validate(Payload(Claims()), """{"alg":"ES256","kid":"rsa"}"""), "needs an EC P-256 key");
    }

    [Fact]
    public void Validate_Es384HeaderOnP256Key_Refused()
    {
        AssertRefused(Validate(Payload(Claims()), """{"alg":"ES384","kid":"ec256"}""", "ES384"), "needs an EC P-384 key");
    }

    [Fact]
    public void Validate_TamperedSignature_Refused()
    {
        var token = JwtTestAuthority.TamperSignature(_partner.Sign(Header, Payload(Claims())));

        AssertRefused(JwtAuthorizationGrantValidator.Validate(token, Context(), JwtTestAuthority.Now), "does not verify");
    }

    [Fact]
    public void Validate_PayloadChangedAfterSigning_Refused()
    {
        var token = _partner.Sign(Header, Payload(Claims()));
        var parts = token.Split('.');
        var forged = parts[0] + "." + JwtTestAuthority.Encode(Payload(Claims(), ("sub", Quote("spiffe://partner.example/agents/admin")))) + "." + parts[2];

        AssertRefused(JwtAuthorizationGrantValidator.Validate(forged, Context(), JwtTestAuthority.Now), "does not verify");
    }

    [Fact]
    public void Validate_WrongAudience_RefusedNamingWhatIsAccepted()
    {
        AssertRefused(Validate(Payload(Claims(), ("aud", Quote("https://as.other.example/token")))), $"must contain {Issuer} or {TokenEndpoint}");
    }

    [Fact]
    public void Validate_NoAudience_Refused()
    {
        AssertRefused(Validate(Payload(Claims(), ("aud", null))), "'aud' claim is required");
    }

    [Fact]
    public void Validate_Expired_Refused()
    {
        AssertRefused(Validate(Payload(Claims(), ("iat", Seconds(-300)), ("exp", Seconds(-60)))), "expired at");
    }

    [Fact]
    public void Validate_ExpiredWithinClockSkew_Accepted()
    {
        Assert.True(Validate(Payload(Claims(), ("iat", Seconds(-120)), ("exp", Seconds(-10)))).IsSuccess);
    }

    [Fact]
    public void Validate_NoExp_Refused()
    {
        AssertRefused(Validate(Payload(Claims(), ("exp", null))), "'exp' claim is required");
    }

    [Fact]
    public void Validate_NotBeforeInTheFuture_Refused()
    {
        AssertRefused(Validate(Payload(Claims(), ("nbf", Seconds(90)))), "not valid before");
    }

    [Fact]
    public void Validate_IssuedInTheFuture_Refused()
    {
        AssertRefused(Validate(Payload(Claims(), ("iat", Seconds(90)), ("exp", Seconds(200)))), "issued in the future");
    }

    [Fact]
    public void Validate_ExpFarInTheFuture_Refused()
    {
        AssertRefused(Validate(Payload(Claims(), ("exp", Seconds(3600)))), "lifetime too long");
    }

    [Fact]
    public void Validate_IssuedLongAgo_Refused()
    {
        AssertRefused(Validate(Payload(Claims(), ("iat", Seconds(-3600)))), "lifetime too long");
    }

    [Fact]
    public void Validate_NoJti_RefusedBecauseGrantsAreSingleUse()
    {
        AssertRefused(Validate(Payload(Claims(), ("jti", null))), "once, by its jti");
    }

    [Fact]
    public void Validate_JtiTooLong_Refused()
    {
        AssertRefused(Validate(Payload(Claims(), ("jti", Quote(new string('j', 257))))), "'jti' must be a unique id");
    }

    [Fact]
    public void Validate_NoSub_Refused()
    {
        AssertRefused(Validate(Payload(Claims(), ("sub", null))), "'sub' claim is required");
    }

    [Theory]
    [InlineData("alice@partner.example")]
    [InlineData("https://partner.example/agents/planner")]
    [InlineData("spiffe://partner.example/agents/planner/")]
    public void Validate_SubNotASpiffeId_Refused(string sub)
    {
        AssertRefused(Validate(Payload(Claims(), ("sub", Quote(sub)))), "'sub' must be the SPIFFE ID of an agent");
    }

    [Theory]
    [InlineData("spiffe://aims.example.org/agents/admin")]
    [InlineData("spiffe://evil.example/agents/planner")]
    public void Validate_SubOfATrustDomainTheIssuerMayNotAssert_Refused(string sub)
    {
        AssertRefused(Validate(Payload(Claims(), ("sub", Quote(sub)))), $"may assert subjects of {PartnerIssuer.TrustDomain} only");
    }

    [Fact]
    public void Validate_KeyStatingAnotherAlg_Refused()
    {
        var jwks = $$"""{"keys":[{{PartnerIssuer.EcJwk(_partner.Ec256, "ec256").ToJsonString().TrimEnd('}')}},"alg":"ES384"}]}""";
        Assert.True(Aims.Core.Jose.VerificationKeySet.TryParse(jwks, out var keys, out var error), error);
        var context = new JwtAuthorizationGrantContext(_partner.Trusted, keys, Audiences);

        var result = JwtAuthorizationGrantValidator.Validate(_partner.Sign(Header, Payload(Claims())), context, JwtTestAuthority.Now);

        AssertRefused(result, "published for alg 'ES384' only");
    }

    [Fact]
    public void ReadSigner_Assertion_ReturnsUnverifiedIssAndKid()
    {
        var signer = JwtAuthorizationGrantValidator.ReadSigner(_partner.Sign(Header, Payload(Claims())));

        Assert.True(signer.IsSuccess, signer.ToString());
        Assert.Equal(new AssertionSigner(PartnerIssuer.Issuer, "ec256"), signer.Value);
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b")]
    [InlineData("")]
    public void ReadSigner_NotACompactJws_InvalidGrant(string assertion)
    {
        var signer = JwtAuthorizationGrantValidator.ReadSigner(assertion);

        Assert.False(signer.IsSuccess);
        Assert.Equal(OAuthErrors.InvalidGrant, signer.Error.Error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("42")]
    [InlineData("\"\"")]
    public void ReadSigner_NoStringIss_InvalidGrant(string? iss)
    {
        var signer = JwtAuthorizationGrantValidator.ReadSigner(_partner.Sign(Header, Payload(Claims(), ("iss", iss))));

        Assert.False(signer.IsSuccess);
        Assert.Contains("'iss' claim is required", signer.Error!.Description, StringComparison.Ordinal);
    }
}
