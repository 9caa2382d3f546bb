using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.OAuth;
using Aims.Core.Tests.Credentials;
using Aims.Core.Transactions;
using static Aims.Core.Tests.OAuth.OAuthTestTokens;

namespace Aims.Core.Tests.Transactions;

public sealed class TxnTokenValidatorTests : IDisposable
{
    private const string Header = """{"alg":"ES256","kid":"key-1","typ":"txntoken+jwt"}""";
    private const string Txn = "97053963-771d-49cc-a4e3-20aad399c312";

    private readonly JwtTestAuthority _authority = new();
    private readonly TxnTokenWriter _writer = new();

    public void Dispose() => _authority.Dispose();

    private TrustDomain TrustDomain => _authority.TrustDomain;

    private static (string, string)[] Claims() =>
    [
        ("iss", Quote(Issuer)),
        ("iat", Seconds(0)),
        ("aud", Quote("example.org")),
        ("exp", Seconds(300)),
        ("txn", Quote(Txn)),
        ("sub", Quote(Agent)),
        ("scope", Quote("trade.stocks")),
        ("req_wl", Quote("spiffe://example.org/tools/gateway")),
    ];

    private CredentialValidationResult<TxnToken> Validate(string token, DateTimeOffset? now = null) =>
        TxnTokenValidator.Validate(token, _authority.Bundle, Issuer, TrustDomain, now ?? JwtTestAuthority.Now);

    private string Crafted(params (string, string?)[] changes) => _authority.Sign(Header, Payload(Claims(), changes));

    private TxnToken Mint(string? tctx = null, string? rctx = null) => _writer.Mint(_authority.Key, new TxnTokenRequest
    {
        Issuer = Issuer,
        Txn = Txn,
        Subject = Agent,
        Audience = "example.org",
        Scope = ScopeSet.Parse("trade.stocks read:quotes"),
        RequestingWorkloads = ["spiffe://example.org/tools/gateway"],
        TransactionContext = tctx,
        RequesterContext = rctx,
        Ttl = TimeSpan.FromMinutes(5),
    }, JwtTestAuthority.Now);

    [Fact]
    public void Validate_MintedToken_RoundTripsEveryClaim()
    {
        var minted = Mint(tctx: """{"action":"BUY","ticker":"MSFT","customer_type":{"geo":"US"}}""", rctx: """{"req_ip":"69.151.72.123","authn":"urn:ietf:rfc:6749"}""");

        var result = Validate(minted.Token);

        Assert.True(result.IsValid, result.ToString());
        var token = result.Value;
        Assert.Equal(Txn, token.Txn);
        Assert.Equal(Agent, token.Subject);
        Assert.Equal("example.org", token.Audience);
        Assert.Equal(Issuer, token.Issuer);
        Assert.Equal(ScopeSet.Parse("read:quotes trade.stocks"), token.Scope);
        Assert.Equal(["spiffe://example.org/tools/gateway"], token.RequestingWorkloads);
        Assert.Equal(minted.TransactionContext, token.TransactionContext);
        Assert.Equal(minted.RequesterContext, token.RequesterContext);
        Assert.Equal(JwtTestAuthority.Now.AddMinutes(5), token.ExpiresAt);
        Assert.Equal("key-1", token.Kid);
    }

    [Fact]
    public void Mint_WritesTheDraftHeaderAndClaims()
    {
        var minted = Mint(tctx: """{"action":"BUY"}""");

        Assert.Equal("""{"alg":"ES256","kid":"key-1","typ":"txntoken+jwt"}""", JwtTestAuthority.DecodePart(minted.Token, 0));
        var payload = JwtTestAuthority.DecodePart(minted.Token, 1);
        Assert.Contains("\"aud\":\"example.org\"", payload, StringComparison.Ordinal);
        Assert.Contains("\"req_wl\":\"spiffe://example.org/tools/gateway\"", payload, StringComparison.Ordinal);
        Assert.Contains("\"tctx\":{\"action\":\"BUY\"}", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("\"jti\"", payload, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CommaSeparatedCallChain_ReadsEveryWorkload()
    {
        var result = Validate(Crafted(("req_wl", Quote("spiffe://example.org/a,spiffe://example.org/b"))));

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(["spiffe://example.org/a", "spiffe://example.org/b"], result.Value.RequestingWorkloads);
        Assert.Equal("spiffe://example.org/b", result.Value.RequestingWorkload);
    }

    [Fact]
    public void Validate_AccessTokenType_IsRefusedWithWhereItBelongs()
    {
        var token = _authority.Sign("""{"alg":"ES256","kid":"key-1","typ":"at+jwt"}""", Payload(Claims()));

        var result = Validate(token);

        Assert.Equal(CredentialErrors.WrongType, result.Error);
        Assert.Contains("Authorization: Bearer", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"alg":"ES256","kid":"key-1","typ":"JWT"}""", "got 'JWT'")]
    [InlineData("""{"alg":"ES256","kid":"key-1"}""", "typ is missing")]
    public void Validate_OtherType_IsRefused(string header, string detail)
    {
        var result = Validate(_authority.Sign(header, Payload(Claims())));

        Assert.Equal(CredentialErrors.WrongType, result.Error);
        Assert.Contains(detail, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MediaTypeInTyp_IsAccepted() =>
        Assert.True(Validate(_authority.Sign("""{"alg":"ES256","kid":"key-1","typ":"application/TxnToken+JWT"}""", Payload(Claims()))).IsValid);

    [Fact]
    public void Validate_AlgNone_IsRefused()
    {
        var token = JwtTestAuthority.Encode("""{"alg":"none","kid":"key-1","typ":"txntoken+jwt"}""") + "." + JwtTestAuthority.Encode(Payload(Claims())) + ".";

        var result = Validate(token);

        Assert.False(result.IsValid);
        Assert.Contains("none", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Hs256_IsRefused()
    {
        var token = JwtTestAuthority.HmacSign("""{"alg":"HS256","kid":"key-1","typ":"txntoken+jwt"}""", Payload(Claims()), new byte[32]);

        var result = Validate(token);

        Assert.Equal(CredentialErrors.UnsupportedAlgorithm, result.Error);
        Assert.Contains("HMAC", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SignedByAnotherKey_IsRefused()
    {
        using var other = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);

        Assert.Equal(CredentialErrors.BadSignature, Validate(_authority.Sign(Header, Payload(Claims()), other)).Error);
    }

    [Fact]
    public void Validate_TamperedSignature_IsRefused() =>
        Assert.Equal(CredentialErrors.BadSignature, Validate(JwtTestAuthority.TamperSignature(Mint().Token)).Error);

    [Fact]
    public void Validate_UnknownKid_IsRefused() =>
        Assert.Equal(CredentialErrors.UnknownKid, Validate(_authority.Sign("""{"alg":"ES256","kid":"key-9","typ":"txntoken+jwt"}""", Payload(Claims()))).Error);

    [Theory]
    [InlineData("\"other.example\"")]
    [InlineData("\"spiffe://example.org\"")]
    [InlineData("[\"example.org\",\"other.example\"]")]
    public void Validate_AudienceNotExactlyThisTrustDomain_IsRefused(string aud)
    {
        var result = Validate(Crafted(("aud", aud)));

        Assert.Equal(CredentialErrors.WrongAudience, result.Error);
        Assert.Contains("'example.org'", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OtherIssuer_IsRefused() =>
        Assert.Equal(AccessTokenValidator.WrongIssuer, Validate(Crafted(("iss", Quote("https://evil.example")))).Error);

    [Fact]
    public void Validate_Expired_IsRefused()
    {
        var result = Validate(Mint().Token, JwtTestAuthority.Now.AddMinutes(10));

        Assert.Equal(CredentialErrors.Expired, result.Error);
    }

    [Theory]
    [InlineData("txn")]
    [InlineData("sub")]
    [InlineData("scope")]
    [InlineData("req_wl")]
    [InlineData("iat")]
    [InlineData("exp")]
    [InlineData("iss")]
    public void Validate_RequiredClaimMissing_IsRefused(string claim) =>
        Assert.Equal(CredentialErrors.MissingClaim, Validate(Crafted((claim, null))).Error);

    [Theory]
    [InlineData("scope", "\"\"")]
    [InlineData("req_wl", "\"a,,b\"")]
    [InlineData("req_wl", "\"\"")]
    [InlineData("tctx", "\"BUY\"")]
    [InlineData("rctx", "[1]")]
    [InlineData("tctx", """{"a":{"b":{"c":{"d":{}}}}}""")]
    public void Validate_MalformedClaim_IsRefused(string claim, string json) =>
        Assert.Equal(CredentialErrors.Malformed, Validate(Crafted((claim, json))).Error);

    [Fact]
    public void AccessTokenValidator_TxnToken_SaysItBelongsInTheTxnTokenHeader()
    {
        var result = AccessTokenValidator.Validate(Mint().Token, _authority.Bundle, Issuer, null, JwtTestAuthority.Now);

        Assert.Equal(CredentialErrors.WrongType, result.Error);
        Assert.Contains("Txn-Token header", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void LooksLikeTxnToken_TellsTxnTokensFromAccessTokens()
    {
        Assert.True(TxnTokenValidator.LooksLikeTxnToken(Mint().Token));
        Assert.False(TxnTokenValidator.LooksLikeTxnToken(_authority.Sign("""{"alg":"ES256","kid":"key-1","typ":"at+jwt"}""", Payload(Claims()))));
        Assert.False(TxnTokenValidator.LooksLikeTxnToken("not a token"));
    }

    [Fact]
    public void Mint_EmptyScope_Throws() =>
        Assert.Throws<ArgumentException>(() => _writer.Mint(_authority.Key, new TxnTokenRequest
        {
            Issuer = Issuer, Txn = Txn, Subject = Agent, Audience = "example.org", Scope = ScopeSet.Empty,
            RequestingWorkloads = ["w"], Ttl = TimeSpan.FromMinutes(1),
        }, JwtTestAuthority.Now));

    [Fact]
    public void Mint_NotAfter_CapsTheLifetime()
    {
        var minted = _writer.Mint(_authority.Key, new TxnTokenRequest
        {
            Issuer = Issuer, Txn = Txn, Subject = Agent, Audience = "example.org", Scope = ScopeSet.Parse("a"),
            RequestingWorkloads = ["w"], Ttl = TimeSpan.FromMinutes(5), NotAfter = JwtTestAuthority.Now.AddSeconds(90),
        }, JwtTestAuthority.Now);

        Assert.Equal(JwtTestAuthority.Now.AddSeconds(90), minted.ExpiresAt);
    }
}
