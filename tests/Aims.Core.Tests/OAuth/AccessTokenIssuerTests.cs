using System.Security.Cryptography;
using System.Text.Json;
using Aims.Core.Authority;
using Aims.Core.Credentials;
using Aims.Core.OAuth;
using Aims.Core.Tests.Credentials;

namespace Aims.Core.Tests.OAuth;

public sealed class AccessTokenIssuerTests : IDisposable
{
    private const string Thumbprint = "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg0";

    private readonly JwtTestAuthority _authority = new();
    private readonly AccessTokenIssuer _issuer = new();

    public void Dispose() => _authority.Dispose();

    private static AccessTokenRequest Request() => new()
    {
        Issuer = OAuthTestTokens.Issuer,
        Subject = OAuthTestTokens.Agent,
        Audience = [OAuthTestTokens.Resource],
        ClientId = OAuthTestTokens.Agent,
        Scope = ScopeSet.Parse("tools:invoke files:read"),
        Ttl = TimeSpan.FromMinutes(5),
    };

    [Fact]
    public void Mint_Header_IsTypedAtJwtWithKid()
    {
        var token = _issuer.Mint(_authority.Key, Request(), JwtTestAuthority.Now);

        Assert.Equal("""{"alg":"ES256","kid":"key-1","typ":"at+jwt"}""", JwtTestAuthority.DecodePart(token.Token, 0));
    }

    [Fact]
    public void Mint_Claims_Rfc9068RequiredSetInOrder()
    {
        var token = _issuer.Mint(_authority.Key, Request(), JwtTestAuthority.Now);
        var now = JwtTestAuthority.NowSeconds;

        Assert.Equal(
            $$"""{"iss":"https://aims.example.org","sub":"spiffe://example.org/agents/data-analyst","aud":"https://tools.example.org","client_id":"spiffe://example.org/agents/data-analyst","iat":{{now}},"exp":{{now + 300}},"jti":"{{token.Jti}}","scope":"files:read tools:invoke"}""",
            JwtTestAuthority.DecodePart(token.Token, 1));
        Assert.Equal(22, token.Jti.Length);
        Assert.Equal(JwtTestAuthority.Now, token.IssuedAt);
        Assert.Equal(JwtTestAuthority.Now.AddMinutes(5), token.ExpiresAt);
        Assert.Equal("key-1", token.Kid);
        Assert.Null(token.Actor);
        Assert.Null(token.CnfX5tS256);
    }

    [Fact]
    public void Mint_SeveralAudiences_WrittenAsArray()
    {
        var token = _issuer.Mint(_authority.Key, Request() with { Audience = ["https://a.example", "https://b.example"] }, JwtTestAuthority.Now);

        using var payload = JsonDocument.Parse(JwtTestAuthority.DecodePart(token.Token, 1));
        Assert.Equal(JsonValueKind.Array, payload.RootElement.GetProperty("aud").ValueKind);
        Assert.Equal(["https://a.example", "https://b.example"], token.Audience);
    }

    [Fact]
    public void Mint_EmptyScope_OmitsScopeClaim()
    {
        var token = _issuer.Mint(_authority.Key, Request() with { Scope = ScopeSet.Empty }, JwtTestAuthority.Now);

        using var payload = JsonDocument.Parse(JwtTestAuthority.DecodePart(token.Token, 1));
        Assert.False(payload.RootElement.TryGetProperty("scope", out _));
    }

    [Fact]
    public void Mint_ActorChain_NestedWithCurrentActorOutermost()
    {
        var request = Request() with { Actors = ["spiffe://example.org/agents/planner", "spiffe://example.org/agents/orchestrator"] };

        var token = _issuer.Mint(_authority.Key, request, JwtTestAuthority.Now);

        Assert.EndsWith(
            ""","act":{"sub":"spiffe://example.org/agents/planner","act":{"sub":"spiffe://example.org/agents/orchestrator"}}}""",
            JwtTestAuthority.DecodePart(token.Token, 1), StringComparison.Ordinal);
        Assert.Equal("spiffe://example.org/agents/planner", token.Actor);
    }

    [Fact]
    public void Mint_CertificateBound_WritesCnfX5tS256()
    {
        var token = _issuer.Mint(_authority.Key, Request() with { CnfX5tS256 = Thumbprint }, JwtTestAuthority.Now);

        Assert.EndsWith($$$""","cnf":{"x5t#S256":"{{{Thumbprint}}}"}}""", JwtTestAuthority.DecodePart(token.Token, 1), StringComparison.Ordinal);
        Assert.Equal(Thumbprint, token.CnfX5tS256);
    }

    [Fact]
    public void Mint_TtlBeyondKeyLifetime_ExpiresWithKey()
    {
        using var key = new SigningCredential("short", ECDsa.Create(ECCurve.NamedCurves.nistP256), JwtTestAuthority.Now.AddMinutes(2));

        var token = _issuer.Mint(key, Request() with { Ttl = TimeSpan.FromHours(1) }, JwtTestAuthority.Now);

        Assert.Equal(JwtTestAuthority.Now.AddMinutes(2), token.ExpiresAt);
    }

    [Fact]
    public void Mint_P384Key_SignsEs384()
    {
        using var key = new SigningCredential("p384", ECDsa.Create(ECCurve.NamedCurves.nistP384), JwtTestAuthority.Now.AddDays(1));

        var token = _issuer.Mint(key, Request(), JwtTestAuthority.Now);

        Assert.Equal("""{"alg":"ES384","kid":"p384","typ":"at+jwt"}""", JwtTestAuthority.DecodePart(token.Token, 0));
        var bundle = new JwtBundle(_authority.TrustDomain, new Dictionary<string, ECDsa> { ["p384"] = key.PrivateKey });
        Assert.True(AccessTokenValidator.Validate(token.Token, bundle, OAuthTestTokens.Issuer, OAuthTestTokens.Resource, JwtTestAuthority.Now).IsValid);
    }

    [Fact]
    public void Mint_TwoTokens_DistinctJti()
    {
        var first = _issuer.Mint(_authority.Key, Request(), JwtTestAuthority.Now);
        var second = _issuer.Mint(_authority.Key, Request(), JwtTestAuthority.Now);

        Assert.NotEqual(first.Jti, second.Jti);
        Assert.NotEqual(first.Token, second.Token);
    }

    [Fact]
    public void Mint_ToString_DoesNotRevealToken()
    {
        var token = _issuer.Mint(_authority.Key, Request(), JwtTestAuthority.Now);

        Assert.DoesNotContain(token.Token, token.ToString(), StringComparison.Ordinal);
        Assert.Contains(token.Jti, token.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string> BadRequests() =>
    [
        "issuer empty", "subject empty", "client_id empty", "no audience", "empty audience value", "ttl zero",
        "ttl negative", "nine actors", "empty actor", "thumbprint not base64url", "thumbprint too short",
    ];

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void Mint_BadRequest_Throws(string scenario)
    {
        var request = scenario switch
        {
            "issuer empty" => Request() with { Issuer = "" },
            "subject empty" => Request() with { Subject = "" },
            "client_id empty" => Request() with { ClientId = "" },
            "no audience" => Request() with { Audience = [] },
            "empty audience value" => Request() with { Audience = ["https://a.example", ""] },
            "ttl zero" => Request() with { Ttl = TimeSpan.Zero },
            "ttl negative" => Request() with { Ttl = TimeSpan.FromSeconds(-1) },
            "nine actors" => Request() with { Actors = [.. Enumerable.Range(0, 9).Select(i => $"spiffe://example.org/a{i}")] },
            "empty actor" => Request() with { Actors = [""] },
            "thumbprint not base64url" => Request() with { CnfX5tS256 = Thumbprint[..^1] + "=" },
            "thumbprint too short" => Request() with { CnfX5tS256 = Thumbprint[..^1] },
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };

        Assert.ThrowsAny<ArgumentException>(() => _issuer.Mint(_authority.Key, request, JwtTestAuthority.Now));
    }

    [Fact]
    public void Mint_ExpiredKey_Throws()
    {
        Assert.Throws<ArgumentException>(() => _issuer.Mint(_authority.Key, Request(), _authority.Key.NotAfter));
    }
}
