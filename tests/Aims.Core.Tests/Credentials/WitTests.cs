using System.Security.Cryptography;
using System.Text.Json;
using Aims.Core.Credentials;
using Aims.Core.Jose;

namespace Aims.Core.Tests.Credentials;

public sealed class WitTests : IDisposable
{
    private const string Header = """{"alg":"ES256","kid":"key-1","typ":"wit+jwt"}""";

    private readonly JwtTestAuthority _authority = new();
    private readonly WitIssuer _issuer = new();
    private readonly ECDsa _agentKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose()
    {
        _authority.Dispose();
        _agentKey.Dispose();
    }

    private JsonWebKey AgentJwk => JsonWebKey.FromECDsa(_agentKey, kid: "agent-key", use: "sig");

    [Fact]
    public void Validate_MintedWit_ReturnsSameWit()
    {
        var minted = _issuer.Mint(_authority.Key, _authority.Agent, AgentJwk, JwtTestAuthority.Now, TimeSpan.FromHours(1));

        var result = WitValidator.Validate(minted.Token, _authority.Bundle, JwtTestAuthority.Now);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(minted.Subject, result.Value.Subject);
        Assert.Equal(minted.Confirmation, result.Value.Confirmation);
        Assert.Equal(minted.IssuedAt, result.Value.IssuedAt);
        Assert.Equal(minted.ExpiresAt, result.Value.ExpiresAt);
        Assert.Equal("key-1", result.Value.Kid);
        Assert.Equal(minted.Jti, result.Value.Jti);
        Assert.Equal(AgentJwk.Thumbprint(), result.Value.Confirmation.Thumbprint());
    }

    [Fact]
    public void Mint_AgentKey_WritesWitHeaderAndPublicCnfWithAlg()
    {
        var wit = _issuer.Mint(_authority.Key, _authority.Agent, AgentJwk, JwtTestAuthority.Now, TimeSpan.FromHours(1));

        Assert.Equal(Header, JwtTestAuthority.DecodePart(wit.Token, 0));
        using var payload = JsonDocument.Parse(JwtTestAuthority.DecodePart(wit.Token, 1));
        var claims = payload.RootElement;
        Assert.Equal("spiffe://example.org/agents/data-analyst", claims.GetProperty("sub").GetString());
        Assert.False(claims.TryGetProperty("aud", out _));
        Assert.Equal(JwtTestAuthority.NowSeconds + 3600, claims.GetProperty("exp").GetInt64());
        Assert.Equal(JwtTestAuthority.NowSeconds, claims.GetProperty("nbf").GetInt64());
        Assert.Equal(JwtTestAuthority.NowSeconds, claims.GetProperty("iat").GetInt64());
        Assert.Equal(wit.Jti, claims.GetProperty("jti").GetString());
        var jwk = claims.GetProperty("cnf").GetProperty("jwk");
        Assert.Equal(["kty", "crv", "x", "y", "alg"], jwk.EnumerateObject().Select(m => m.Name));
        Assert.Equal("ES256", jwk.GetProperty("alg").GetString());
        Assert.Equal(AgentJwk.X, jwk.GetProperty("x").GetString());
        Assert.Equal("ES256", wit.Confirmation.Alg);
        Assert.Null(wit.Confirmation.Kid);
    }

    [Fact]
    public void Mint_P384AgentKey_SetsEs384()
    {
        using var agent = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        var wit = _issuer.Mint(_authority.Key, _authority.Agent, JsonWebKey.FromECDsa(agent), JwtTestAuthority.Now, TimeSpan.FromHours(1));

        Assert.Equal("ES384", wit.Confirmation.Alg);
        Assert.True(WitValidator.Validate(wit.Token, _authority.Bundle, JwtTestAuthority.Now).IsValid);
    }

    public static TheoryData<string> RefusedAgentKeys() =>
    [
        "private d",
        "RSA",
        "oct",
        "alg none",
        "alg HS256",
        "alg RS256",
        "alg ES384 on P-256",
        "unknown curve",
        "point not on curve",
        "x missing",
    ];

    [Theory]
    [MemberData(nameof(RefusedAgentKeys))]
    public void Mint_RefusedAgentKey_Throws(string scenario)
    {
        var jwk = AgentJwk;
        jwk = scenario switch
        {
            "private d" => jwk with { Extra = new() { ["d"] = JsonSerializer.SerializeToElement(Base64Url.Encode(_agentKey.ExportParameters(true).D)) } },
            "RSA" => new JsonWebKey { Kty = "RSA", N = "AQAB", E = "AQAB" },
            "oct" => new JsonWebKey { Kty = "oct", Extra = new() { ["k"] = JsonSerializer.SerializeToElement("c2VjcmV0") } },
            "alg none" => jwk with { Alg = "none" },
            "alg HS256" => jwk with { Alg = "HS256" },
            "alg RS256" => jwk with { Alg = "RS256" },
            "alg ES384 on P-256" => jwk with { Alg = "ES384" },
            "unknown curve" => jwk with { Crv = "secp256k1" },
            "point not on curve" => jwk with { Y = Base64Url.Encode(new byte[32]) },
            "x missing" => jwk with { X = null },
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null),
        };

        Assert.Throws<ArgumentException>(() => _issuer.Mint(_authority.Key, _authority.Agent, jwk, JwtTestAuthority.Now, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Validate_IatInFutureWithinValidity_Accepted()
    {
        // WIT-SVID §3.6: iat must not limit the earliest validity; only nbf does.
        var payload = Payload(extra: $",\"iat\":{JwtTestAuthority.NowSeconds + 600}");

        Assert.True(WitValidator.Validate(_authority.Sign(Header, payload), _authority.Bundle, JwtTestAuthority.Now).IsValid);
    }

    [Fact]
    public void Validate_JwtSvidPresentedAsWit_WrongType()
    {
        var svid = new JwtSvidIssuer().Mint(_authority.Key, _authority.Agent, ["https://tools.example.org"], JwtTestAuthority.Now, TimeSpan.FromMinutes(5));

        Assert.Equal(CredentialErrors.WrongType, WitValidator.Validate(svid.Token, _authority.Bundle, JwtTestAuthority.Now).Error);
    }

    [Fact]
    public void Validate_AfterExpiryPlusSkew_Expired()
    {
        var wit = _issuer.Mint(_authority.Key, _authority.Agent, AgentJwk, JwtTestAuthority.Now, TimeSpan.FromHours(1));
        var later = wit.ExpiresAt + CredentialValidationWindow.DefaultClockSkew + TimeSpan.FromSeconds(1);

        Assert.Equal(CredentialErrors.Expired, WitValidator.Validate(wit.Token, _authority.Bundle, later).Error);
    }

    public static TheoryData<string, string, string> RefusedWits() => new()
    {
        { "cnf missing", CredentialErrors.MissingClaim, "'cnf'" },
        { "cnf not an object", CredentialErrors.Malformed, "'cnf'" },
        { "cnf without jwk", CredentialErrors.MissingClaim, "'jwk'" },
        { "cnf.jwk without alg", CredentialErrors.MissingClaim, "'alg'" },
        { "cnf.jwk alg HS256", CredentialErrors.UnsupportedAlgorithm, "symmetric" },
        { "cnf.jwk alg none", CredentialErrors.UnsupportedAlgorithm, "'none' is never accepted" },
        { "cnf.jwk alg EdDSA", CredentialErrors.UnsupportedAlgorithm, "not allowed for SVIDs" },
        { "cnf.jwk with private d", CredentialErrors.Malformed, "private member 'd'" },
        { "cnf.jwk off curve", CredentialErrors.Malformed, "not a valid EC public key" },
        { "cnf.jwk alg mismatch", CredentialErrors.Malformed, "does not match its curve" },
        { "aud present", CredentialErrors.ForbiddenClaim, "'aud'" },
        { "typ JWT", CredentialErrors.WrongType, "'wit+jwt'" },
        { "typ missing", CredentialErrors.WrongType, "'wit+jwt'" },
        { "kid missing", CredentialErrors.UnknownKid, "'kid'" },
        { "alg none", CredentialErrors.UnsupportedAlgorithm, "alg 'none' is never accepted" },
        { "sub other trust domain", CredentialErrors.WrongTrustDomain, "'other.org'" },
        { "sub wimse", CredentialErrors.Malformed, "not a SPIFFE ID" },
        { "exp missing", CredentialErrors.MissingClaim, "'exp'" },
        { "nbf future", CredentialErrors.NotYetValid, "not valid before" },
        { "tampered", CredentialErrors.BadSignature, "does not verify" },
    };

    [Theory]
    [MemberData(nameof(RefusedWits))]
    public void Validate_RefusedWit_ReturnsErrorAndDetail(string scenario, string expectedError, string detailFragment)
    {
        var result = WitValidator.Validate(Craft(scenario), _authority.Bundle, JwtTestAuthority.Now);

        Assert.False(result.IsValid);
        Assert.Equal(expectedError, result.Error);
        Assert.Contains(detailFragment, result.Detail, StringComparison.Ordinal);
    }

    private string Craft(string scenario)
    {
        var now = JwtTestAuthority.NowSeconds;
        var jwk = AgentJwk;
        string WithJwk(string members, string? y = null) => CnfJson(jwk.X!, y ?? jwk.Y!, members);
        var sign = (string header, string payload) => _authority.Sign(header, payload);
        return scenario switch
        {
            "cnf missing" => sign(Header, Payload(cnf: null)),
            "cnf not an object" => sign(Header, Payload(cnf: "\"ES256\"")),
            "cnf without jwk" => sign(Header, Payload(cnf: """{"jkt":"abc"}""")),
            "cnf.jwk without alg" => sign(Header, Payload(cnf: WithJwk(""))),
            "cnf.jwk alg HS256" => sign(Header, Payload(cnf: WithJwk(",\"alg\":\"HS256\""))),
            "cnf.jwk alg none" => sign(Header, Payload(cnf: WithJwk(",\"alg\":\"none\""))),
            "cnf.jwk alg EdDSA" => sign(Header, Payload(cnf: WithJwk(",\"alg\":\"EdDSA\""))),
            "cnf.jwk with private d" => sign(Header, Payload(cnf: WithJwk(",\"alg\":\"ES256\",\"d\":\"AAAA\""))),
            "cnf.jwk off curve" => sign(Header, Payload(cnf: WithJwk(",\"alg\":\"ES256\"", Base64Url.Encode(new byte[32])))),
            "cnf.jwk alg mismatch" => sign(Header, Payload(cnf: WithJwk(",\"alg\":\"ES384\""))),
            "aud present" => sign(Header, Payload(extra: ",\"aud\":\"https://tools.example.org\"")),
            "typ JWT" => sign("""{"alg":"ES256","kid":"key-1","typ":"JWT"}""", Payload()),
            "typ missing" => sign("""{"alg":"ES256","kid":"key-1"}""", Payload()),
            "kid missing" => sign("""{"alg":"ES256","typ":"wit+jwt"}""", Payload()),
            "alg none" => JwtTestAuthority.Encode("""{"alg":"none","kid":"key-1","typ":"wit+jwt"}""") + "." + JwtTestAuthority.Encode(Payload()) + ".",
            "sub other trust domain" => sign(Header, Payload(sub: "spiffe://other.org/agents/data-analyst")),
            "sub wimse" => sign(Header, Payload(sub: "wimse://example.org/agents/data-analyst")),
            "exp missing" => sign(Header, Payload(exp: false)),
            "nbf future" => sign(Header, Payload(extra: $",\"nbf\":{now + 31}")),
            "tampered" => JwtTestAuthority.TamperSignature(sign(Header, Payload())),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null),
        };
    }

    private static string CnfJson(string x, string y, string members) =>
        "{\"jwk\":{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + x + "\",\"y\":\"" + y + "\"" + members + "}}";

    private string Payload(string sub = "spiffe://example.org/agents/data-analyst", string? cnf = "", bool exp = true, string extra = "")
    {
        var jwk = AgentJwk;
        cnf = cnf == "" ? CnfJson(jwk.X!, jwk.Y!, ",\"alg\":\"ES256\"") : cnf;
        var members = new List<string> { $"\"sub\":\"{sub}\"" };
        if (exp)
            members.Add($"\"exp\":{JwtTestAuthority.NowSeconds + 3600}");
        if (cnf is not null)
            members.Add($"\"cnf\":{cnf}");
        return "{" + string.Join(',', members) + extra + "}";
    }
}
