using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Core.Credentials;
using Aims.Core.Jose;
using Aims.Core.OAuth;
using Aims.Core.OAuth.Chaining;
using Aims.Core.Tests.Credentials;

namespace Aims.Core.Tests.OAuth.Chaining;

public sealed class AuthorizationGrantWriterTests : IDisposable
{
    private const string PartnerIssuer = "https://as.b.example";

    private readonly JwtTestAuthority _authority = new();
    private readonly AuthorizationGrantWriter _writer = new();

    public void Dispose() => _authority.Dispose();

    private static AuthorizationGrantRequest Request() => new()
    {
        Issuer = OAuthTestTokens.Issuer,
        Subject = OAuthTestTokens.Agent,
        Audience = PartnerIssuer,
        ClientId = OAuthTestTokens.Agent,
        Scope = ScopeSet.Parse("tools.read"),
        Ttl = TimeSpan.FromSeconds(60),
    };

    [Fact]
    public void Mint_Header_IsPlainJwtWithKid()
    {
        var grant = _writer.Mint(_authority.Key, Request(), JwtTestAuthority.Now);

        Assert.Equal("""{"alg":"ES256","kid":"key-1","typ":"JWT"}""", JwtTestAuthority.DecodePart(grant.Token, 0));
    }

    [Fact]
    public void Mint_Claims_IssSubSingleAudIatExpJtiClientIdScope()
    {
        var grant = _writer.Mint(_authority.Key, Request(), JwtTestAuthority.Now);
        var now = JwtTestAuthority.NowSeconds;

        Assert.Equal(
            $$"""{"iss":"https://aims.example.org","sub":"spiffe://example.org/agents/data-analyst","aud":"https://as.b.example","iat":{{now}},"exp":{{now + 60}},"jti":"{{grant.Jti}}","client_id":"spiffe://example.org/agents/data-analyst","scope":"tools.read"}""",
            JwtTestAuthority.DecodePart(grant.Token, 1));
        Assert.Equal(PartnerIssuer, grant.Audience);
        Assert.Equal(JwtTestAuthority.Now.AddSeconds(60), grant.ExpiresAt);
        Assert.DoesNotContain(grant.Token, grant.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Mint_DelegatedSubjectToken_CarriesTheActChain()
    {
        var grant = _writer.Mint(_authority.Key, Request() with
        {
            Subject = "spiffe://example.org/agents/owner",
            Actors = [OAuthTestTokens.Agent, "spiffe://example.org/agents/first"],
        }, JwtTestAuthority.Now);

        using var payload = JsonDocument.Parse(JwtTestAuthority.DecodePart(grant.Token, 1));
        var act = payload.RootElement.GetProperty("act");
        Assert.Equal(OAuthTestTokens.Agent, act.GetProperty("sub").GetString());
        Assert.Equal("spiffe://example.org/agents/first", act.GetProperty("act").GetProperty("sub").GetString());
    }

    [Fact]
    public void Mint_EmptyScope_OmitsTheClaim()
    {
        var grant = _writer.Mint(_authority.Key, Request() with { Scope = ScopeSet.Empty }, JwtTestAuthority.Now);

        using var payload = JsonDocument.Parse(JwtTestAuthority.DecodePart(grant.Token, 1));
        Assert.False(payload.RootElement.TryGetProperty("scope", out _));
    }

    [Theory]
    [InlineData(301)]
    [InlineData(0)]
    public void Mint_LifetimeOutsideOneToThreeHundredSeconds_Throws(int seconds) =>
        Assert.ThrowsAny<ArgumentException>(() => _writer.Mint(_authority.Key, Request() with { Ttl = TimeSpan.FromSeconds(seconds) }, JwtTestAuthority.Now));

    [Fact]
    public void Problem_GrantVerifiesWithThePublishedKeys_Null()
    {
        var grant = _writer.Mint(_authority.Key, Request(), JwtTestAuthority.Now);

        Assert.Null(AuthorizationGrantWriter.Problem(grant, _authority.Bundle, JwtTestAuthority.Now));
    }

    [Fact]
    public void Problem_TamperedSignature_SaysSo()
    {
        var grant = _writer.Mint(_authority.Key, Request(), JwtTestAuthority.Now);

        var problem = AuthorizationGrantWriter.Problem(grant with { Token = JwtTestAuthority.TamperSignature(grant.Token) }, _authority.Bundle, JwtTestAuthority.Now);

        Assert.NotNull(problem);
    }

    [Fact]
    public void Problem_OtherAudienceThanMinted_SaysSo()
    {
        var grant = _writer.Mint(_authority.Key, Request(), JwtTestAuthority.Now);

        Assert.Contains("aud", AuthorizationGrantWriter.Problem(grant with { Audience = "https://as.c.example" }, _authority.Bundle, JwtTestAuthority.Now),
            StringComparison.Ordinal);
    }

    /// <summary>The partner's side: the jwt-bearer grant validator, with this server's key as a trusted issuer's JWK Set.</summary>
    [Fact]
    public void Mint_PartnerValidatesTheGrant_AcceptedWithSubjectJtiAndScope()
    {
        var grant = _writer.Mint(_authority.Key, Request(), JwtTestAuthority.Now);

        var result = JwtAuthorizationGrantValidator.Validate(grant.Token, PartnerContext(), JwtTestAuthority.Now.AddSeconds(5));

        Assert.True(result.IsSuccess, result.Error?.Description);
        Assert.Equal(OAuthTestTokens.Agent, result.Value.Subject.ToString());
        Assert.Equal(grant.Jti, result.Value.Jti);
        Assert.Equal(ScopeSet.Parse("tools.read"), result.Value.Scope);
    }

    [Fact]
    public void Mint_GrantForAnotherPartner_RefusedByThisPartner()
    {
        var grant = _writer.Mint(_authority.Key, Request() with { Audience = "https://as.c.example" }, JwtTestAuthority.Now);

        var result = JwtAuthorizationGrantValidator.Validate(grant.Token, PartnerContext(), JwtTestAuthority.Now);

        Assert.False(result.IsSuccess);
        Assert.Contains("'aud' must contain", result.Error!.Description, StringComparison.Ordinal);
    }

    private JwtAuthorizationGrantContext PartnerContext()
    {
        var p = _authority.Key.PrivateKey.ExportParameters(includePrivateParameters: false);
        var jwks = new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "EC", ["crv"] = "P-256", ["kid"] = _authority.Key.Kid,
                ["x"] = Base64Url.Encode(p.Q.X!), ["y"] = Base64Url.Encode(p.Q.Y!),
            }),
        }.ToJsonString();
        Assert.True(TrustedIssuer.TryCreate(OAuthTestTokens.Issuer, jwks, null, "a-agents", ["example.org"], out var trusted, out var error), error);
        Assert.True(VerificationKeySet.TryParse(jwks, out var keys, out error), error);
        return new JwtAuthorizationGrantContext(trusted, keys, [PartnerIssuer, PartnerIssuer + "/oauth2/token"]);
    }
}
