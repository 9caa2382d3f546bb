using System.Text.Json;
using Aims.Core.Credentials;
using Aims.Core.OAuth;
using Aims.Core.Tests.Credentials;
using static Aims.Core.Tests.OAuth.OAuthTestTokens;

namespace Aims.Core.Tests.OAuth;

/// <summary>RFC 8693 §4.4 <c>may_act</c>: minted, validated, and checked at exchange time.</summary>
public sealed class MayActClaimTests : IDisposable
{
    private const string Actor = "spiffe://example.org/agents/orchestrator";
    private const string Header = """{"alg":"ES256","kid":"key-1","typ":"at+jwt"}""";

    private readonly JwtTestAuthority _authority = new();
    private readonly AccessTokenIssuer _issuer = new();

    public void Dispose() => _authority.Dispose();

    private static AccessTokenRequest Request(string? mayAct) => new()
    {
        Issuer = Issuer,
        Subject = Agent,
        Audience = [Resource],
        ClientId = Agent,
        Ttl = TimeSpan.FromMinutes(5),
        MayAct = mayAct,
    };

    private static (string, string)[] Claims() =>
    [
        ("iss", Quote(Issuer)),
        ("sub", Quote(Agent)),
        ("aud", Quote(Resource)),
        ("client_id", Quote(Agent)),
        ("iat", Seconds(0)),
        ("exp", Seconds(300)),
        ("jti", Quote("jti-1")),
    ];

    private CredentialValidationResult<AccessToken> Validate(string token) =>
        AccessTokenValidator.Validate(token, _authority.Bundle, Issuer, Resource, JwtTestAuthority.Now);

    [Fact]
    public void Mint_WithMayAct_WritesObjectWithSubAndValidatorReadsItBack()
    {
        var minted = _issuer.Mint(_authority.Key, Request(Actor), JwtTestAuthority.Now);

        using var payload = JsonDocument.Parse(JwtTestAuthority.DecodePart(minted.Token, 1));
        Assert.Equal($$"""{"sub":"{{Actor}}"}""", payload.RootElement.GetProperty("may_act").GetRawText());
        Assert.Equal(Actor, minted.MayAct);
        var validated = Validate(minted.Token);
        Assert.True(validated.IsValid, validated.ToString());
        Assert.Equal(Actor, validated.Value.MayAct);
    }

    [Fact]
    public void Mint_WithoutMayAct_WritesNoClaim()
    {
        var minted = _issuer.Mint(_authority.Key, Request(null), JwtTestAuthority.Now);

        using var payload = JsonDocument.Parse(JwtTestAuthority.DecodePart(minted.Token, 1));
        Assert.False(payload.RootElement.TryGetProperty("may_act", out _));
        Assert.Null(Validate(minted.Token).Value!.MayAct);
    }

    [Fact]
    public void Mint_EmptyMayAct_Throws()
    {
        Assert.Throws<ArgumentException>(() => _issuer.Mint(_authority.Key, Request(string.Empty), JwtTestAuthority.Now));
    }

    [Theory]
    [InlineData("\"" + Actor + "\"")]
    [InlineData("{}")]
    [InlineData("{\"sub\":\"\"}")]
    [InlineData("{\"sub\":42}")]
    [InlineData("[{\"sub\":\"" + Actor + "\"}]")]
    public void Validate_MalformedMayAct_Refused(string mayAct)
    {
        var token = _authority.Sign(Header, Payload(Claims(), ("may_act", mayAct)));

        var result = Validate(token);

        Assert.False(result.IsValid);
        Assert.Contains("may_act", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MayActWithOtherIdentityMembers_ReadsSub()
    {
        var token = _authority.Sign(Header, Payload(Claims(), ("may_act", $$"""{"sub":"{{Actor}}","iss":"https://elsewhere.example"}""")));

        Assert.Equal(Actor, Validate(token).Value!.MayAct);
    }
}
