using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Aims.Core.Wimse;
using Aims.ResourceServer.Authentication;
using Aims.ResourceServer.Tests.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.ResourceServer.Tests.Authentication;

/// <summary>
/// WIT + WPT at the resource server (draft-ietf-wimse-workload-creds, -wpt): the WIT is checked against the wit-svid
/// keys of the fabric's SPIFFE bundle, the WPT against the configured public URL plus the path (the test client calls
/// http://localhost, so the Host header never matches it), and the access token must be bound by ath.
/// </summary>
public sealed class WorkloadProofAuthenticationTests : IAsyncLifetime
{
    private const string Agent = "spiffe://aims.local/agents/analyst";
    private const string Base = "https://reports.test";

    private readonly FakeFabric _fabric = new();
    private readonly ECDsa _agentKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly WptSigner _signer;
    private readonly string _wit;
    private ToolHost _tool = null!;

    public WorkloadProofAuthenticationTests()
    {
        _signer = WptSigner.FromECDsa(_agentKey);
        _wit = _fabric.Wit(_signer.PublicJwk);
    }

    public async Task InitializeAsync() => _tool = await StartAsync();

    public async Task DisposeAsync()
    {
        await _tool.DisposeAsync();
        _fabric.Dispose();
        _agentKey.Dispose();
    }

    [Fact]
    public async Task Get_AccessTokenWithWitAndWpt_ReachesTheEndpointAsTheProvenWorkload()
    {
        var token = _fabric.AccessToken();

        using var response = await SendAsync("/whoami", token, _wit, Proof("/whoami", token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var claims = JsonSerializer.Deserialize<string[][]>(await response.Content.ReadAsStringAsync())!.Select(c => (c[0], c[1])).ToList();
        Assert.Contains((AimsClaimTypes.Workload, Agent), claims);
        Assert.Contains(("scope", "read:reports"), claims);
    }

    [Fact]
    public async Task Get_WitAndWptWithoutAccessToken_AuthenticatesTheWorkloadWithoutScopes()
    {
        using var whoami = await SendAsync("/whoami", null, _wit, Proof("/whoami"));
        using var reports = await SendAsync("/reports", null, _wit, Proof("/reports"));

        Assert.Equal(HttpStatusCode.OK, whoami.StatusCode);
        Assert.Contains(Agent, await whoami.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, reports.StatusCode);
    }

    [Fact]
    public async Task Get_ManyRequestsWithOneWit_ValidateTheWitOnceAndFetchTheBundleOnce()
    {
        for (var i = 0; i < 3; i++)
        {
            var token = _fabric.AccessToken();
            using var response = await SendAsync("/reports", token, _wit, Proof("/reports", token));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(1, _tool.Services.GetRequiredService<WorkloadProofVerifier>().CachedWitCount);
        Assert.Equal(1, _fabric.BundleFetches);
    }

    [Fact]
    public async Task Get_WptForAnotherUri_Is400NamingTheTargetUri()
    {
        var token = _fabric.AccessToken();

        using var response = await SendAsync("/reports", token, _wit, Proof("/reports/edit", token));

        var detail = await ProblemAsync(response);
        Assert.Contains("is not this request's target URI 'https://reports.test/reports'", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WptMadeForTheHostHeader_IsRefusedBecauseTheHostIsNeverTrusted()
    {
        var token = _fabric.AccessToken();
        using var request = Request("/reports", token, _wit, WptWriter.Write(_signer, _wit, "https://evil.test/reports", Now, tokens: new RequestTokens(token)));
        request.Headers.Host = "evil.test";
        request.Headers.Add("X-Forwarded-Host", "evil.test");

        using var response = await _tool.Client.SendAsync(request);

        var detail = await ProblemAsync(response);
        Assert.Contains("https://reports.test/reports", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_SameWptTwice_SecondIs400Replayed()
    {
        var token = _fabric.AccessToken();
        var proof = Proof("/reports", token);
        using (var first = await SendAsync("/reports", token, _wit, proof))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var second = await SendAsync("/reports", token, _wit, proof);

        Assert.Contains("already used", await ProblemAsync(second), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_AccessTokenNotBoundByAth_Is400()
    {
        using var response = await SendAsync("/reports", _fabric.AccessToken(), _wit, Proof("/reports"));

        Assert.Contains("'ath'", await ProblemAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_AccessTokenIssuedToAnotherAgent_Is401EvenWhenTheProofBindsIt()
    {
        var token = _fabric.AccessToken(subject: "spiffe://aims.local/agents/someone-else");

        using var response = await SendAsync("/reports", token, _wit, Proof("/reports", token));

        var challenge = await Challenge.AssertAsync(response, HttpStatusCode.Unauthorized, Core.OAuth.OAuthErrors.InvalidToken);
        Assert.Contains("the WIT proves " + Agent, challenge["error_description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_TxnTokenHeader_MustBeBoundByTth()
    {
        const string txn = "eyJ.txn.token";
        using var refused = await SendAsync("/whoami", null, _wit, Proof("/whoami"), txn);
        using var accepted = await SendAsync("/whoami", null, _wit, WptWriter.Write(_signer, _wit, Base + "/whoami", Now, tokens: new RequestTokens(TxnToken: txn)), txn);

        Assert.Contains("'tth'", await ProblemAsync(refused), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task Get_WitSignedByTheAccessTokenKey_Is400BecauseKeysOfOneUseNeverValidateTheOther()
    {
        var wit = _fabric.Wit(_signer.PublicJwk, key: _fabric.Key);

        using var response = await SendAsync("/whoami", null, wit, WptWriter.Write(_signer, wit, Base + "/whoami", Now));

        Assert.Contains("not a valid WIT of trust domain aims.local", await ProblemAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WitOfAnotherTrustDomain_Is400()
    {
        var wit = _fabric.Wit(_signer.PublicJwk, subject: "spiffe://other.test/agents/analyst");

        using var response = await SendAsync("/whoami", null, wit, WptWriter.Write(_signer, wit, Base + "/whoami", Now));

        Assert.Contains("other.test", await ProblemAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ExpiredWit_Is400()
    {
        var wit = _fabric.Wit(_signer.PublicJwk, ttl: TimeSpan.FromMinutes(2));
        _fabric.Time.Advance(TimeSpan.FromMinutes(5));

        using var response = await SendAsync("/whoami", null, wit, WptWriter.Write(_signer, wit, Base + "/whoami", Now));

        Assert.Contains("expired", await ProblemAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WitOfARevokedAgent_Is400EvenWhenCached()
    {
        using (var first = await SendAsync("/whoami", null, _wit, Proof("/whoami")))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        _tool.Revocations.RevokeAgent(Agent, Now);

        using var response = await SendAsync("/whoami", null, _wit, Proof("/whoami"));

        Assert.Contains("revoked", await ProblemAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ProofSignedByAnotherKey_Is400()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var response = await SendAsync("/whoami", null, _wit, WptWriter.Write(WptSigner.FromECDsa(other), _wit, Base + "/whoami", Now));

        Assert.Contains("confirmation key", await ProblemAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WptWithoutWit_Is400AskingForBoth()
    {
        using var response = await SendAsync("/whoami", null, wit: null, Proof("/whoami"));

        Assert.Contains("no Workload-Identity-Token header", await ProblemAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_TwoWptHeaders_Is400()
    {
        using var request = Request("/whoami", null, _wit, Proof("/whoami"));
        request.Headers.Add(WimseHeaders.WorkloadProofToken, Proof("/whoami"));

        using var response = await _tool.Client.SendAsync(request);

        Assert.Contains("exactly one Workload-Proof-Token", await ProblemAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_AccessTokenAloneWhenProofIsRequired_Is400()
    {
        await using var strict = await StartAsync(o => o.RequireWorkloadProof = true);
        var token = _fabric.AccessToken();

        using var alone = await strict.GetAsync("/reports", token);
        using var proven = await strict.Client.SendAsync(Request("/reports", token, _wit, Proof("/reports", token)));

        Assert.Contains("requires proof of possession", await ProblemAsync(alone), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, proven.StatusCode);
    }

    [Fact]
    public async Task Get_WitWhenNoTrustDomainIsConfigured_IgnoresTheWimseHeaders()
    {
        await using var plain = await ToolHost.StartAsync(_fabric);
        var token = _fabric.AccessToken();

        using var witOnly = await plain.Client.SendAsync(Request("/whoami", null, _wit, Proof("/whoami")));
        using var withToken = await plain.Client.SendAsync(Request("/whoami", token, _wit, Proof("/whoami")));

        var challenge = await Challenge.AssertAsync(witOnly, HttpStatusCode.Unauthorized, error: null);
        Assert.Equal("https://reports.test/.well-known/oauth-protected-resource", challenge["resource_metadata"]);
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
        Assert.DoesNotContain(AimsClaimTypes.Workload, await withToken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_PublicBaseUrlConfigured_IsTheAudienceInsteadOfTheResourceOrigin()
    {
        await using var behindProxy = await StartAsync(o => o.PublicBaseUrl = "https://tools.example.test");

        using var response = await behindProxy.Client.SendAsync(
            Request("/whoami", null, _wit, WptWriter.Write(_signer, _wit, "https://tools.example.test/whoami", Now)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private DateTimeOffset Now => _fabric.Time.GetUtcNow();

    private Task<ToolHost> StartAsync(Action<AimsResourceServerOptions>? configure = null) =>
        ToolHost.StartAsync(_fabric, configure: o =>
        {
            o.TrustDomain = FakeFabric.TrustDomain;
            configure?.Invoke(o);
        });

    private string Proof(string path, string? accessToken = null) =>
        WptWriter.Write(_signer, _wit, Base + path, Now, tokens: new RequestTokens(accessToken));

    private Task<HttpResponseMessage> SendAsync(string path, string? token, string? wit, string proof, string? txnToken = null) =>
        _tool.Client.SendAsync(Request(path, token, wit, proof, txnToken));

    private static HttpRequestMessage Request(string path, string? token, string? wit, string proof, string? txnToken = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        if (wit is not null)
            request.Headers.Add(WimseHeaders.WorkloadIdentityToken, wit);
        request.Headers.Add(WimseHeaders.WorkloadProofToken, proof);
        if (txnToken is not null)
            request.Headers.Add(WimseHeaders.TxnToken, txnToken);
        return request;
    }

    /// <summary>A WIMSE refusal: 400 with RFC 9457 problem details and no Bearer challenge; returns the detail.</summary>
    private static async Task<string> ProblemAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(response.Headers.WwwAuthenticate);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("detail").GetString()!;
    }
}
