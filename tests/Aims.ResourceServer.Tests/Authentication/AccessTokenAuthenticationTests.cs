using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Aims.Core.OAuth;
using Aims.ResourceServer.Tests.Testing;
using Microsoft.AspNetCore.Http;

namespace Aims.ResourceServer.Tests.Authentication;

public sealed class AccessTokenAuthenticationTests : IAsyncLifetime
{
    private const string Agent = "spiffe://aims.local/agents/analyst";
    private const string MetadataUrl = "https://reports.test/.well-known/oauth-protected-resource";

    private readonly FakeFabric _fabric = new();
    private ToolHost _tool = null!;

    public async Task InitializeAsync() => _tool = await ToolHost.StartAsync(_fabric);

    public async Task DisposeAsync()
    {
        await _tool.DisposeAsync();
        _fabric.Dispose();
    }

    [Fact]
    public async Task Get_ValidToken_ReachesTheEndpointWithTheAgentsClaims()
    {
        var token = _fabric.AccessToken(subject: "alice", clientId: Agent, scope: "read:reports write:reports",
            actors: [Agent, "spiffe://aims.local/agents/orchestrator"]);

        using var response = await _tool.GetAsync("/whoami", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var claims = JsonSerializer.Deserialize<string[][]>(await response.Content.ReadAsStringAsync())!.Select(c => (c[0], c[1])).ToList();
        Assert.Contains(("sub", "alice"), claims);
        Assert.Contains(("client_id", Agent), claims);
        Assert.Contains(("jti", Jwt.Payload(token).GetProperty("jti").GetString()!), claims);
        Assert.Equal(["read:reports", "write:reports"], claims.Where(c => c.Item1 == "scope").Select(c => c.Item2));
        Assert.Equal([Agent, "spiffe://aims.local/agents/orchestrator"], claims.Where(c => c.Item1 == "act").Select(c => c.Item2));
    }

    [Fact]
    public async Task Get_WithoutToken_Is401WithAChallengeWithoutErrorPointingAtTheMetadata()
    {
        using var response = await _tool.GetAsync("/reports", token: null);

        var challenge = await Challenge.AssertAsync(response, HttpStatusCode.Unauthorized, error: null);
        Assert.Equal(MetadataUrl, challenge["resource_metadata"]);
    }

    [Fact]
    public async Task Get_ExpiredToken_Is401InvalidToken()
    {
        var token = _fabric.AccessToken(ttl: TimeSpan.FromMinutes(1));
        _fabric.Time.Advance(TimeSpan.FromMinutes(2));

        using var response = await _tool.GetAsync("/reports", token);

        var challenge = await Challenge.AssertAsync(response, HttpStatusCode.Unauthorized, OAuthErrors.InvalidToken);
        Assert.Contains("expired", challenge["error_description"], StringComparison.Ordinal);
        Assert.Equal(MetadataUrl, challenge["resource_metadata"]);
    }

    [Fact]
    public async Task Get_TokenForAnotherResource_Is401InvalidToken()
    {
        using var response = await _tool.GetAsync("/reports", _fabric.AccessToken(audience: "https://other.test"));

        var challenge = await Challenge.AssertAsync(response, HttpStatusCode.Unauthorized, OAuthErrors.InvalidToken);
        Assert.Contains("https://reports.test", challenge["error_description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_TokenOfAnotherIssuerWithTheSameKeys_Is401InvalidToken()
    {
        using var response = await _tool.GetAsync("/reports", _fabric.AccessToken(issuer: "https://evil.test"));

        var challenge = await Challenge.AssertAsync(response, HttpStatusCode.Unauthorized, OAuthErrors.InvalidToken);
        Assert.Contains("https://evil.test", challenge["error_description"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"alg":"none","kid":"key-1","typ":"at+jwt"}""", false, "none")]
    [InlineData("""{"alg":"HS256","kid":"key-1","typ":"at+jwt"}""", true, "HS256")]
    public async Task Get_UnsignedOrHmacToken_Is401InvalidToken(string header, bool hmac, string alg)
    {
        // An HMAC keyed with public key material is the classic algorithm-confusion forgery (RFC 8725 §2.1).
        var forged = Jwt.Resign(_fabric.AccessToken(), header, hmac ? _fabric.Key.PrivateKey.ExportSubjectPublicKeyInfo() : null);

        using var response = await _tool.GetAsync("/reports", forged);

        var challenge = await Challenge.AssertAsync(response, HttpStatusCode.Unauthorized, OAuthErrors.InvalidToken);
        Assert.Contains($"alg '{alg}'", challenge["error_description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_TamperedSignature_Is401InvalidToken()
    {
        using var response = await _tool.GetAsync("/reports", Jwt.Tamper(_fabric.AccessToken()));

        await Challenge.AssertAsync(response, HttpStatusCode.Unauthorized, OAuthErrors.InvalidToken);
    }

    [Fact]
    public async Task Get_TokenInQueryString_Is400InvalidRequestEvenWithAValidHeader()
    {
        var token = _fabric.AccessToken();

        using var queryOnly = await _tool.GetAsync("/reports?access_token=" + token, token: null);
        using var both = await _tool.GetAsync("/reports?access_token=" + token, token);

        var challenge = await Challenge.AssertAsync(queryOnly, HttpStatusCode.BadRequest, OAuthErrors.InvalidRequest);
        Assert.Contains("RFC 6750 section 2.1", challenge["error_description"], StringComparison.Ordinal);
        await Challenge.AssertAsync(both, HttpStatusCode.BadRequest, OAuthErrors.InvalidRequest);
    }

    [Fact]
    public async Task Get_TokenInFormBody_IsNotRead()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/reports")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["access_token"] = _fabric.AccessToken() }),
        };

        using var response = await _tool.Client.SendAsync(request);

        await Challenge.AssertAsync(response, HttpStatusCode.Unauthorized, error: null);
    }

    [Fact]
    public async Task Get_RevokedJti_Is401InvalidToken()
    {
        var token = _fabric.AccessToken();
        var payload = Jwt.Payload(token);
        _tool.Revocations.RevokeToken(payload.GetProperty("jti").GetString()!, DateTimeOffset.FromUnixTimeSeconds(payload.GetProperty("exp").GetInt64()));

        using var response = await _tool.GetAsync("/reports", token);

        var challenge = await Challenge.AssertAsync(response, HttpStatusCode.Unauthorized, OAuthErrors.InvalidToken);
        Assert.Contains("revoked", challenge["error_description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_TokenOfRevokedAgent_IsRefusedUntilANewTokenIsIssuedAfterTheRevocation()
    {
        var before = _fabric.AccessToken(subject: "alice", clientId: Agent);
        _tool.Revocations.RevokeAgent(Agent, _fabric.Time.GetUtcNow());
        _fabric.Time.Advance(TimeSpan.FromSeconds(2));
        var after = _fabric.AccessToken(subject: "alice", clientId: Agent);

        using var refused = await _tool.GetAsync("/reports", before);
        using var accepted = await _tool.GetAsync("/reports", after);

        var challenge = await Challenge.AssertAsync(refused, HttpStatusCode.Unauthorized, OAuthErrors.InvalidToken);
        Assert.Contains(Agent, challenge["error_description"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task Get_TokenWhereTheRevokedAgentIsAnActor_Is401()
    {
        var token = _fabric.AccessToken(subject: "alice", clientId: "spiffe://aims.local/agents/reporter", actors: [Agent]);
        _tool.Revocations.RevokeAgent(Agent, _fabric.Time.GetUtcNow());

        using var response = await _tool.GetAsync("/reports", token);

        await Challenge.AssertAsync(response, HttpStatusCode.Unauthorized, OAuthErrors.InvalidToken);
    }

    [Fact]
    public async Task Get_ReducedScope_NarrowsTheClaimsAndA403NamesTheMissingScope()
    {
        var token = _fabric.AccessToken(scope: "read:reports write:reports");
        _tool.Revocations.SetScopeCeiling(Agent, ScopeSet.Parse("read:reports"));

        using var read = await _tool.GetAsync("/reports", token);
        using var edit = await _tool.GetAsync("/reports/edit", token);
        using var whoami = await _tool.GetAsync("/whoami", token);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var challenge = await Challenge.AssertAsync(edit, HttpStatusCode.Forbidden, "insufficient_scope");
        Assert.Equal("write:reports", challenge["scope"]);
        var scopes = JsonSerializer.Deserialize<string[][]>(await whoami.Content.ReadAsStringAsync())!.Where(c => c[0] == "scope").Select(c => c[1]);
        Assert.Equal(["read:reports"], scopes);
    }

    [Fact]
    public async Task Get_WithoutTheRequiredScope_Is403InsufficientScope()
    {
        using var response = await _tool.GetAsync("/reports", _fabric.AccessToken(scope: "write:reports"));

        var challenge = await Challenge.AssertAsync(response, HttpStatusCode.Forbidden, "insufficient_scope");
        Assert.Equal("read:reports", challenge["scope"]);
        Assert.Equal(MetadataUrl, challenge["resource_metadata"]);
    }

    [Fact]
    public async Task Get_CertificateBoundToken_NeedsThatCertificateOnTheConnection()
    {
        using var bound = SelfSigned("CN=analyst");
        using var other = SelfSigned("CN=someone-else");
        var token = _fabric.AccessToken(cnf: CertificateThumbprint.X5tS256(bound.RawData));

        var withBound = await _tool.GetWithCertificateAsync("/reports", token, bound);
        var withOther = await _tool.GetWithCertificateAsync("/reports", token, other);
        var withNone = await _tool.GetWithCertificateAsync("/reports", token, certificate: null);

        Assert.Equal(StatusCodes.Status200OK, withBound.Response.StatusCode);
        Assert.Equal(StatusCodes.Status401Unauthorized, withOther.Response.StatusCode);
        Assert.Contains("RFC 8705 section 3", withOther.Response.Headers.WWWAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(StatusCodes.Status401Unauthorized, withNone.Response.StatusCode);
    }

    [Fact]
    public async Task Get_TokenSignedByARotatedInKey_RefetchesTheKeysOnce()
    {
        using (var first = await _tool.GetAsync("/reports", _fabric.AccessToken()))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(1, _fabric.JwksFetches);
        var rotated = _fabric.AddKey("key-2");
        _fabric.Time.Advance(TimeSpan.FromSeconds(31));

        using var response = await _tool.GetAsync("/reports", _fabric.AccessToken(key: rotated));
        using var again = await _tool.GetAsync("/reports", _fabric.AccessToken(key: rotated));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(2, _fabric.JwksFetches);
    }

    [Fact]
    public async Task Get_ManyTokensWithUnknownKids_FetchAtMostOncePer30Seconds()
    {
        using var stranger = new Core.Authority.SigningCredential("key-unknown", ECDsa.Create(ECCurve.NamedCurves.nistP256), _fabric.Time.GetUtcNow().AddDays(1));
        using (var first = await _tool.GetAsync("/reports", _fabric.AccessToken()))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        _fabric.Time.Advance(TimeSpan.FromSeconds(31));

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _tool.GetAsync("/reports", _fabric.AccessToken(key: stranger))));
        var fetchesAfterBurst = _fabric.JwksFetches;
        _fabric.Time.Advance(TimeSpan.FromSeconds(10));
        using var soonAfter = await _tool.GetAsync("/reports", _fabric.AccessToken(key: stranger));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.Equal(2, fetchesAfterBurst);
        Assert.Equal(HttpStatusCode.Unauthorized, soonAfter.StatusCode);
        Assert.Equal(2, _fabric.JwksFetches);
        foreach (var response in responses)
            response.Dispose();
    }

    [Fact]
    public async Task Get_WhileTheFabricsKeysCannotBeFetched_Is503NotInvalidToken()
    {
        _fabric.JwksOverride = () => new HttpResponseMessage(HttpStatusCode.InternalServerError);

        using var response = await _tool.GetAsync("/reports", _fabric.AccessToken());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Empty(response.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task Get_WhenTheJwksIsTooLarge_RefusesIt()
    {
        _fabric.JwksOverride = () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(new string(' ', 70 * 1024) + "{\"keys\":[]}") };

        using var response = await _tool.GetAsync("/reports", _fabric.AccessToken());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    private static X509Certificate2 SelfSigned(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
    }
}
