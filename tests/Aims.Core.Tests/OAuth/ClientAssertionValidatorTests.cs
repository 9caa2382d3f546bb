using System.Security.Cryptography;
using Aims.Core.Credentials;
using Aims.Core.OAuth;
using Aims.Core.Tests.Credentials;
using static Aims.Core.Tests.OAuth.OAuthTestTokens;

namespace Aims.Core.Tests.OAuth;

public sealed class ClientAssertionValidatorTests : IDisposable
{
    private const string Client = "my-client";
    private const string SvidHeader = """{"alg":"ES256","kid":"key-1","typ":"JWT"}""";
    private const string ClientHeader = """{"alg":"ES256","kid":"ck-1"}""";
    private static readonly string[] Audiences = [TokenEndpoint, Issuer];

    private readonly JwtTestAuthority _trust = new();
    private readonly ECDsa _clientKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly JwtSvidIssuer _svids = new();

    public void Dispose()
    {
        _trust.Dispose();
        _clientKey.Dispose();
    }

    private ClientAssertionContext SvidContext(string? clientId = null) =>
        ClientAssertionContext.ForJwtSvid(_trust.Bundle, Audiences, clientId);

    private ClientAssertionContext ClientContext(string? clientId = null) =>
        ClientAssertionContext.ForPrivateKeyJwt(ResolveClientKey, Audiences, clientId);

    private ECDsa? ResolveClientKey(string clientId, string? kid) =>
        clientId == Client && kid is "ck-1" or null ? _clientKey : null;

    private static (string, string)[] SvidClaims() =>
    [
        ("sub", Quote(Agent)),
        ("aud", Quote(TokenEndpoint)),
        ("exp", Seconds(120)),
        ("iat", Seconds(0)),
        ("jti", Quote("svid-jti-1")),
    ];

    private static (string, string)[] ClientClaims() =>
    [
        ("iss", Quote(Client)),
        ("sub", Quote(Client)),
        ("aud", Quote(TokenEndpoint)),
        ("exp", Seconds(60)),
        ("iat", Seconds(0)),
        ("jti", Quote("pk-jti-1")),
    ];

    private string SignSvid(string payload, string header = SvidHeader) => _trust.Sign(header, payload);

    private string SignClient(string payload, string header = ClientHeader) => _trust.Sign(header, payload, _clientKey);

    [Fact]
    public void Validate_MintedJwtSvidWithoutClientId_SubIsTheClient()
    {
        var svid = _svids.Mint(_trust.Key, _trust.Agent, [TokenEndpoint], JwtTestAuthority.Now, TimeSpan.FromMinutes(5));

        var result = ClientAssertionValidator.Validate(svid.Token, SvidContext(), JwtTestAuthority.Now);

        Assert.True(result.IsSuccess, result.ToString());
        var client = result.Value;
        Assert.Equal(Agent, client.ClientId);
        Assert.Equal(ClientAssertionKind.JwtSvid, client.Kind);
        Assert.Equal(_trust.Agent, client.SpiffeId);
        Assert.Equal(svid.Jti, client.Jti);
        Assert.Equal(svid.IssuedAt, client.IssuedAt);
        Assert.Equal(svid.ExpiresAt, client.ExpiresAt);
        Assert.Equal(svid.ExpiresAt + CredentialValidationWindow.DefaultClockSkew, client.ReplayWindowEnd);
        Assert.Equal("key-1", client.Kid);
    }

    [Fact]
    public void Validate_JwtSvidWithMatchingClientId_Accepted()
    {
        var svid = _svids.Mint(_trust.Key, _trust.Agent, [TokenEndpoint], JwtTestAuthority.Now, TimeSpan.FromMinutes(5));

        Assert.True(ClientAssertionValidator.Validate(svid.Token, SvidContext(Agent), JwtTestAuthority.Now).IsSuccess);
    }

    [Fact]
    public void Validate_EmptyClientIdParameter_TreatedAsOmitted()
    {
        Assert.Null(SvidContext("").ClientId);
        Assert.True(ClientAssertionValidator.Validate(SignSvid(Payload(SvidClaims())), SvidContext(""), JwtTestAuthority.Now).IsSuccess);
    }

    [Theory]
    [InlineData("\"" + Issuer + "\"")]
    [InlineData("[\"https://tools.example.org\",\"" + TokenEndpoint + "\"]")]
    public void Validate_AudienceIsIssuerOrAmongOthers_Accepted(string aud)
    {
        var result = ClientAssertionValidator.Validate(SignSvid(Payload(SvidClaims(), ("aud", aud))), SvidContext(), JwtTestAuthority.Now);

        Assert.True(result.IsSuccess, result.ToString());
    }

    [Fact]
    public void Validate_JwtSvidWithIss_Accepted()
    {
        var token = SignSvid(Payload(SvidClaims(), ("iss", Quote("https://spire.example.org"))));

        Assert.True(ClientAssertionValidator.Validate(token, SvidContext(), JwtTestAuthority.Now).IsSuccess);
    }

    [Theory]
    [InlineData(ClientHeader)]
    [InlineData("""{"alg":"ES256","kid":"ck-1","typ":"JWT"}""")]
    [InlineData("""{"alg":"ES256","kid":"ck-1","typ":"client-authentication+jwt"}""")]
    [InlineData("""{"alg":"ES256","kid":"ck-1","typ":"application/client-authentication+jwt"}""")]
    [InlineData("""{"alg":"ES256"}""")]
    public void Validate_PrivateKeyJwt_Accepted(string header)
    {
        var result = ClientAssertionValidator.Validate(SignClient(Payload(ClientClaims()), header), ClientContext(Client), JwtTestAuthority.Now);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(Client, result.Value.ClientId);
        Assert.Equal(ClientAssertionKind.PrivateKeyJwt, result.Value.Kind);
        Assert.Null(result.Value.SpiffeId);
        Assert.Equal("pk-jti-1", result.Value.Jti);
        Assert.Equal(JwtTestAuthority.Now.AddSeconds(60), result.Value.ExpiresAt);
    }

    [Fact]
    public void Validate_LongerMaxLifetime_AcceptsLongerAssertion()
    {
        var token = SignSvid(Payload(SvidClaims(), ("exp", Seconds(3600))));
        var context = SvidContext() with { MaxLifetime = TimeSpan.FromHours(1) };

        Assert.True(ClientAssertionValidator.Validate(token, context, JwtTestAuthority.Now).IsSuccess);
        Assert.False(ClientAssertionValidator.Validate(token, SvidContext(), JwtTestAuthority.Now).IsSuccess);
    }

    [Fact]
    public void Validate_IssuedEarlierWithinMaxLifetime_Accepted()
    {
        var token = SignSvid(Payload(SvidClaims(), ("iat", Seconds(-540)), ("exp", Seconds(60))));

        Assert.True(ClientAssertionValidator.Validate(token, SvidContext(), JwtTestAuthority.Now).IsSuccess);
    }

    [Fact]
    public void Context_WithoutAudiences_Throws()
    {
        Assert.Throws<ArgumentException>(() => ClientAssertionContext.ForJwtSvid(_trust.Bundle, []));
        Assert.Throws<ArgumentException>(() => ClientAssertionContext.ForPrivateKeyJwt(ResolveClientKey, [""]));
    }

    public static TheoryData<string, string> RefusedJwtSvids() => new()
    {
        { "alg none", "alg 'none' is never accepted" },
        { "alg HS256", "symmetric (HMAC)" },
        { "aud wrong", "'aud' must contain https://aims.example.org/oauth2/token or https://aims.example.org (RFC 7523 section 3); it is [https://tools.example.org]" },
        { "aud missing", "'aud' claim is required" },
        { "expired", "expired at" },
        { "exp missing", "'exp' claim is required" },
        { "lifetime too long", "assertion lifetime too long" },
        { "issued too long ago", "assertion lifetime too long" },
        { "nbf future", "not valid before" },
        { "iat future", "issued in the future" },
        { "jti missing", "'jti' claim is required" },
        { "jti empty", "'jti' must be a unique id" },
        { "jti too long", "1 to 256 characters" },
        { "sub not client_id", "'sub' is 'spiffe://example.org/agents/data-analyst' but client_id is 'spiffe://example.org/agents/other'" },
        { "sub missing", "'sub' claim is required" },
        { "sub not a SPIFFE ID", "must be a SPIFFE ID" },
        { "sub in other trust domain", "belongs to trust domain 'other.org'; this authorization server accepts JWT-SVIDs of trust domain 'example.org' only" },
        { "kid unknown", "kid 'key-9' is not in the bundle" },
        { "kid missing", "no 'kid'" },
        { "typ at+jwt", "header typ 'at+jwt' is not a client assertion" },
        { "typ wit+jwt", "header typ 'wit+jwt' is not a client assertion" },
        { "tampered", "does not verify" },
        { "signed by another key", "does not verify" },
        { "oversized", "larger than 8192 bytes" },
        { "two tokens", "exactly 3 parts" },
    };

    [Theory]
    [MemberData(nameof(RefusedJwtSvids))]
    public void Validate_RefusedJwtSvid_InvalidClientWithFix(string scenario, string descriptionFragment)
    {
        var clientId = scenario == "sub not client_id" ? "spiffe://example.org/agents/other" : null;

        var result = ClientAssertionValidator.Validate(CraftSvid(scenario), SvidContext(clientId), JwtTestAuthority.Now);

        AssertInvalidClient(result, descriptionFragment);
    }

    public static TheoryData<string, string> RefusedPrivateKeyJwts() => new()
    {
        { "alg none", "alg 'none' is never accepted" },
        { "alg HS256", "symmetric (HMAC)" },
        { "iss not sub", "'iss' is 'someone-else' but must equal 'sub' 'my-client'" },
        { "iss missing", "'iss' claim is required" },
        { "sub not client_id", "'sub' is 'my-client' but client_id is 'your-client'" },
        { "kid unknown", "client 'my-client' has no registered key with kid 'ck-9'" },
        { "client unknown", "client 'stranger' has no registered key" },
        { "jti missing", "'jti' claim is required" },
        { "aud wrong", "'aud' must contain" },
        { "expired", "expired at" },
        { "lifetime too long", "assertion lifetime too long" },
        { "signed by another key", "does not verify" },
        { "alg ES384 with P-256 key", "384-bit" },
    };

    [Theory]
    [MemberData(nameof(RefusedPrivateKeyJwts))]
    public void Validate_RefusedPrivateKeyJwt_InvalidClientWithFix(string scenario, string descriptionFragment)
    {
        var clientId = scenario == "sub not client_id" ? "your-client" : scenario == "client unknown" ? null : Client;

        var result = ClientAssertionValidator.Validate(CraftClient(scenario), ClientContext(clientId), JwtTestAuthority.Now);

        AssertInvalidClient(result, descriptionFragment);
    }

    [Fact]
    public void Validate_JwtSvidCheckedAsPrivateKeyJwt_RefusedForMissingIss()
    {
        var svid = _svids.Mint(_trust.Key, _trust.Agent, [TokenEndpoint], JwtTestAuthority.Now, TimeSpan.FromMinutes(5));

        AssertInvalidClient(ClientAssertionValidator.Validate(svid.Token, ClientContext(), JwtTestAuthority.Now), "'iss' claim is required");
    }

    private static void AssertInvalidClient(OAuthResult<ValidatedClientAssertion> result, string descriptionFragment)
    {
        Assert.False(result.IsSuccess);
        Assert.Null(result.Value);
        Assert.Equal(OAuthErrors.InvalidClient, result.Error.Error);
        Assert.StartsWith("client_assertion rejected: ", result.Error.Description, StringComparison.Ordinal);
        Assert.Contains(descriptionFragment, result.Error.Description, StringComparison.Ordinal);
        Assert.All(result.Error.Description, c => Assert.True(OAuthError.IsDescriptionChar(c), $"U+{(int)c:X4} is not allowed"));
    }

    private string CraftSvid(string scenario)
    {
        var valid = SignSvid(Payload(SvidClaims()));
        return scenario switch
        {
            "alg none" => JwtTestAuthority.Encode("""{"alg":"none","kid":"key-1"}""") + "." + JwtTestAuthority.Encode(Payload(SvidClaims())) + ".",
            "alg HS256" => JwtTestAuthority.HmacSign("""{"alg":"HS256","kid":"key-1"}""", Payload(SvidClaims()), RandomNumberGenerator.GetBytes(32)),
            "aud wrong" => SignSvid(Payload(SvidClaims(), ("aud", Quote(Resource)))),
            "aud missing" => SignSvid(Payload(SvidClaims(), ("aud", null))),
            "expired" => SignSvid(Payload(SvidClaims(), ("iat", Seconds(-300)), ("exp", Seconds(-31)))),
            "exp missing" => SignSvid(Payload(SvidClaims(), ("exp", null))),
            "lifetime too long" => SignSvid(Payload(SvidClaims(), ("exp", Seconds(3600)))),
            "issued too long ago" => SignSvid(Payload(SvidClaims(), ("iat", Seconds(-3600)), ("exp", Seconds(60)))),
            "nbf future" => SignSvid(Payload(SvidClaims(), ("nbf", Seconds(31)))),
            "iat future" => SignSvid(Payload(SvidClaims(), ("iat", Seconds(31)))),
            "jti missing" => SignSvid(Payload(SvidClaims(), ("jti", null))),
            "jti empty" => SignSvid(Payload(SvidClaims(), ("jti", Quote("")))),
            "jti too long" => SignSvid(Payload(SvidClaims(), ("jti", Quote(new string('j', 257))))),
            "sub not client_id" => valid,
            "sub missing" => SignSvid(Payload(SvidClaims(), ("sub", null))),
            "sub not a SPIFFE ID" => SignSvid(Payload(SvidClaims(), ("sub", Quote("my-client")))),
            "sub in other trust domain" => SignSvid(Payload(SvidClaims(), ("sub", Quote("spiffe://other.org/agents/data-analyst")))),
            "kid unknown" => SignSvid(Payload(SvidClaims()), """{"alg":"ES256","kid":"key-9","typ":"JWT"}"""),
            "kid missing" => SignSvid(Payload(SvidClaims()), """{"alg":"ES256","typ":"JWT"}"""),
            "typ at+jwt" => SignSvid(Payload(SvidClaims()), """{"alg":"ES256","kid":"key-1","typ":"at+jwt"}"""),
            "typ wit+jwt" => SignSvid(Payload(SvidClaims()), """{"alg":"ES256","kid":"key-1","typ":"wit+jwt"}"""),
            "tampered" => JwtTestAuthority.TamperSignature(valid),
            "signed by another key" => _trust.Sign(SvidHeader, Payload(SvidClaims()), _clientKey),
            "oversized" => SignSvid(Payload(SvidClaims(), ("pad", Quote(new string('a', 8192))))),
            "two tokens" => valid + "." + valid,
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null),
        };
    }

    private string CraftClient(string scenario) => scenario switch
    {
        "alg none" => JwtTestAuthority.Encode("""{"alg":"none","kid":"ck-1"}""") + "." + JwtTestAuthority.Encode(Payload(ClientClaims())) + ".",
        "alg HS256" => JwtTestAuthority.HmacSign("""{"alg":"HS256","kid":"ck-1"}""", Payload(ClientClaims()), RandomNumberGenerator.GetBytes(32)),
        "iss not sub" => SignClient(Payload(ClientClaims(), ("iss", Quote("someone-else")))),
        "iss missing" => SignClient(Payload(ClientClaims(), ("iss", null))),
        "sub not client_id" => SignClient(Payload(ClientClaims())),
        "kid unknown" => SignClient(Payload(ClientClaims()), """{"alg":"ES256","kid":"ck-9"}"""),
        "client unknown" => SignClient(Payload(ClientClaims(), ("iss", Quote("stranger")), ("sub", Quote("stranger")))),
        "jti missing" => SignClient(Payload(ClientClaims(), ("jti", null))),
        "aud wrong" => SignClient(Payload(ClientClaims(), ("aud", Quote(Resource)))),
        "expired" => SignClient(Payload(ClientClaims(), ("exp", Seconds(-31)))),
        "lifetime too long" => SignClient(Payload(ClientClaims(), ("exp", Seconds(3600)))),
        "signed by another key" => _trust.Sign(ClientHeader, Payload(ClientClaims())),
        "alg ES384 with P-256 key" => SignClient(Payload(ClientClaims()), """{"alg":"ES384","kid":"ck-1"}"""),
        _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null),
    };
}
