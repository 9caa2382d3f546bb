using System.Net;
using System.Text.Json;
using Aims.Silo.Tests.OAuth;
using Aims.Testing;

namespace Aims.Silo.Tests.Chaining;

/// <summary>
/// Identity chaining across trust domains (draft-ietf-oauth-identity-chaining) between separate silo processes: an
/// attested agent of <c>a.test</c> exchanges its access token at A for a JWT authorization grant addressed to B's
/// authorization server, presents it at B with the jwt-bearer grant (RFC 7523) and gets B's access token as B's policy
/// allows; and every refusal the flow depends on: replay, B's policy, an issuer B does not trust, a typed access token
/// posing as a grant, and A's refusal once its agent is compromised.
/// </summary>
public sealed class TwoFabricChainingTests(ChainingFabrics fabrics) : IClassFixture<ChainingFabrics>
{
    private const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";
    private const string JwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";
    private const string JwtTokenType = "urn:ietf:params:oauth:token-type:jwt";

    [Fact]
    public async Task Chain_ResearchAgentOfA_GetsBsAccessTokenOnceForTheScopeBsPolicyAllows()
    {
        var agent = AgentOf(ChainingFabrics.DomainA, "research");
        var accessToken = await AccessTokenAsync(fabrics.A, agent);

        var (grant, response) = await GrantAsync(fabrics.A, agent, accessToken, fabrics.IssuerB);

        Assert.Equal(JwtTokenType, response.GetProperty("issued_token_type").GetString());
        Assert.Equal("N_A", response.GetProperty("token_type").GetString());
        var grantClaims = Claims(grant);
        Assert.Equal(fabrics.IssuerA, grantClaims.GetProperty("iss").GetString());
        Assert.Equal(agent, grantClaims.GetProperty("sub").GetString());
        Assert.Equal(fabrics.IssuerB, grantClaims.GetProperty("aud").GetString());
        Assert.Equal("tools.read", grantClaims.GetProperty("scope").GetString());

        // Step two, at B: jwt-bearer without client authentication (RFC 7523 §3.1); the scope is the grant's.
        var (status, token, text) = await PresentAsync(grant);
        Assert.True(status == HttpStatusCode.OK, $"B: {(int)status} {text}\n{fabrics.B.Describe()}");
        Assert.Equal("Bearer", token.GetProperty("token_type").GetString());
        Assert.False(token.TryGetProperty("refresh_token", out _));
        var claims = Claims(token.GetProperty("access_token").GetString()!);
        Assert.Equal(fabrics.IssuerB, claims.GetProperty("iss").GetString());
        Assert.Equal(agent, claims.GetProperty("sub").GetString());
        Assert.Equal("tools.read", claims.GetProperty("scope").GetString());
        Assert.Equal(ChainingFabrics.ResourceB, claims.GetProperty("aud").GetString());

        // B's token is B's: its introspection knows it.
        using var op = fabrics.B.CreateHttpClient(asOperator: true);
        var introspection = await OAuthSilo.PostFormAsync(op, "/oauth2/introspect", ("token", token.GetProperty("access_token").GetString()!));
        Assert.True(introspection.Json.GetProperty("active").GetBoolean(), introspection.Text);

        // The same grant again: single use (RFC 7523 §3 item 7).
        var replay = await PresentAsync(grant);
        Assert.Equal(HttpStatusCode.BadRequest, replay.Status);
        Assert.Equal("invalid_grant", replay.Json.GetProperty("error").GetString());
        Assert.Contains("already used", replay.Json.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chain_AgentOutsideBsPartnerPattern_AGrantsButBRefusesByPolicy()
    {
        var agent = AgentOf(ChainingFabrics.DomainA, "sales");
        var (grant, _) = await GrantAsync(fabrics.A, agent, await AccessTokenAsync(fabrics.A, agent), fabrics.IssuerB);

        var refused = await PresentAsync(grant);

        AssertInvalidGrant(refused, $"policy '{ChainingFabrics.PartnerPolicy}'");
    }

    [Fact]
    public async Task Chain_GrantOfAnIssuerBDoesNotTrust_InvalidGrant()
    {
        var agent = AgentOf(ChainingFabrics.DomainC, "research");
        var (grant, _) = await GrantAsync(fabrics.C, agent, await AccessTokenAsync(fabrics.C, agent), fabrics.IssuerB);

        var refused = await PresentAsync(grant);

        AssertInvalidGrant(refused, $"issuer '{fabrics.IssuerC}' is not trusted");
    }

    [Fact]
    public async Task Chain_AsAccessTokenPresentedAtBAsAGrant_InvalidGrant()
    {
        var agent = AgentOf(ChainingFabrics.DomainA, "research");
        var accessToken = await AccessTokenAsync(fabrics.A, agent);

        var refused = await PresentAsync(accessToken);

        AssertInvalidGrant(refused, "typ 'at+jwt'");
    }

    [Fact]
    public async Task Chain_AfterCompromiseAtA_ARefusesToMintAGrant()
    {
        var agent = AgentOf(ChainingFabrics.DomainA, "research");
        var accessToken = await AccessTokenAsync(fabrics.A, agent);
        var svid = await ChainingFabrics.SvidAsync(fabrics.A, agent, register: false);
        using (var op = fabrics.A.CreateHttpClient(asOperator: true))
            await SiloApi.SendAsync(fabrics.A, op, HttpMethod.Post, $"/v1/agents/{SiloApi.PathOf(agent)}/compromise", new { reason = "key stolen" }, HttpStatusCode.OK);

        using var anonymous = fabrics.A.CreateHttpClient();
        var refused = await OAuthSilo.PostFormAsync(anonymous, "/oauth2/token", ExchangeFields(svid, accessToken, fabrics.IssuerB));

        AssertInvalidGrant(refused, "no longer valid");
    }

    /// <summary>
    /// One button, everywhere: a compromise at A reaches B through A's SSF push stream. B's token issued to the agent
    /// through the chain goes inactive, and a grant A issued before the compromise (still unexpired, never used) is
    /// refused at B; B's audit log records the signal. An agent of B is untouched.
    /// </summary>
    [Fact]
    public async Task Chain_CompromiseAtA_ReachesB_ChainedTokenDeadAndEarlierGrantRefused()
    {
        var agent = AgentOf(ChainingFabrics.DomainA, "research");
        var accessToken = await AccessTokenAsync(fabrics.A, agent);
        var (first, _) = await GrantAsync(fabrics.A, agent, accessToken, fabrics.IssuerB);
        var (unused, _) = await GrantAsync(fabrics.A, agent, accessToken, fabrics.IssuerB);
        var (status, token, text) = await PresentAsync(first);
        Assert.True(status == HttpStatusCode.OK, $"B: {(int)status} {text}");
        var chained = token.GetProperty("access_token").GetString()!;
        using var opB = fabrics.B.CreateHttpClient(asOperator: true);
        Assert.True(await ActiveAtBAsync(opB, chained));

        using (var opA = fabrics.A.CreateHttpClient(asOperator: true))
            await SiloApi.SendAsync(fabrics.A, opA, HttpMethod.Post, $"/v1/agents/{SiloApi.PathOf(agent)}/compromise", new { reason = "key stolen" }, HttpStatusCode.OK);

        await SiloApi.EventuallyAsync(TimeSpan.FromSeconds(60), async () => !await ActiveAtBAsync(opB, chained), () => fabrics.A.Describe(40) + "\n" + fabrics.B.Describe(40));
        AssertInvalidGrant(await PresentAsync(unused), "revoked by its own trust domain");
        var audit = await SiloApi.SendAsync(fabrics.B, opB, HttpMethod.Get, $"/v1/audit?agent={Uri.EscapeDataString(agent)}", null, HttpStatusCode.OK);
        Assert.Contains(audit.GetProperty("records").EnumerateArray(), r => r.GetProperty("action").GetString() == "partner.agent.signal");
        using var verify = await opB.GetAsync(new Uri("/v1/audit/verify", UriKind.Relative));
        Assert.True(SiloApi.Parse(await verify.Content.ReadAsStringAsync()).GetProperty("valid").GetBoolean());
    }

    /// <summary>The same A-to-B chain driven by oauth4webapi and jose (tests/interop/identity-chaining.mjs).</summary>
    [NodeInteropFact]
    public async Task Chain_Oauth4webapiAndJose_ExchangeAtAVerifyGrantJwtBearerAtBVerifyToken()
    {
        var agent = AgentOf(ChainingFabrics.DomainA, "research");
        var accessToken = await AccessTokenAsync(fabrics.A, agent);
        var svid = await ChainingFabrics.SvidAsync(fabrics.A, agent, register: false);
        var config = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["issuer_a"] = fabrics.IssuerA,
            ["issuer_b"] = fabrics.IssuerB,
            ["client_id"] = agent,
            ["assertion"] = svid,
            ["subject_token"] = accessToken,
            ["resource_b"] = ChainingFabrics.ResourceB,
        });

        var raw = await NodeInterop.RunScriptAsync("identity-chaining.mjs", config);

        var result = NodeInterop.ParseOutput(raw);
        Assert.True(result.GetProperty("ok").GetBoolean(), $"{raw.Output}\nA: {fabrics.A.Describe(60)}\nB: {fabrics.B.Describe(60)}");
        Assert.Equal(JwtTokenType, Assert.Single(result.GetProperty("chaining_token_types").EnumerateArray()).GetString());
        Assert.Equal(JwtTokenType, result.GetProperty("exchange").GetProperty("issued_token_type").GetString());
        Assert.Equal("n_a", result.GetProperty("exchange").GetProperty("token_type").GetString());
        Assert.Equal("JWT", result.GetProperty("grant_header").GetProperty("typ").GetString());
        Assert.Equal(agent, result.GetProperty("grant_claims").GetProperty("sub").GetString());
        Assert.Equal(fabrics.IssuerB, result.GetProperty("grant_claims").GetProperty("aud").GetString());
        Assert.Equal("bearer", result.GetProperty("token").GetProperty("token_type").GetString());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("token").GetProperty("refresh_token").ValueKind);
        var claims = result.GetProperty("access_token_claims");
        Assert.Equal(fabrics.IssuerB, claims.GetProperty("iss").GetString());
        Assert.Equal(agent, claims.GetProperty("sub").GetString());
        Assert.Equal("tools.read", claims.GetProperty("scope").GetString());
    }

    private static async Task<bool> ActiveAtBAsync(HttpClient operatorOfB, string token) =>
        (await OAuthSilo.PostFormAsync(operatorOfB, "/oauth2/introspect", ("token", token))).Json.GetProperty("active").GetBoolean();

    private static string AgentOf(string trustDomain, string team) => $"spiffe://{trustDomain}/agents/{team}/{SiloApi.UniqueName("bot")}";

    /// <summary>Registers and attests the agent at <paramref name="silo"/>, then client_credentials for its own API.</summary>
    private static async Task<string> AccessTokenAsync(SiloProcess silo, string agent)
    {
        var svid = await ChainingFabrics.SvidAsync(silo, agent, register: true);
        using var anonymous = silo.CreateHttpClient();
        var (status, json, text) = await OAuthSilo.PostFormAsync(anonymous, "/oauth2/token",
            ("grant_type", "client_credentials"), ("client_assertion_type", OAuthSilo.JwtBearer), ("client_assertion", svid),
            ("scope", "tools.read tools.write"), ("resource", ChainingFabrics.ResourceA));
        Assert.True(status == HttpStatusCode.OK, $"client_credentials at {silo.Name}: {(int)status} {text}\n{silo.Describe()}");
        return json.GetProperty("access_token").GetString()!;
    }

    /// <summary>Step one at <paramref name="silo"/>: token exchange for a JWT authorization grant addressed to <paramref name="partner"/>.</summary>
    private static async Task<(string Grant, JsonElement Response)> GrantAsync(SiloProcess silo, string agent, string accessToken, string partner)
    {
        var svid = await ChainingFabrics.SvidAsync(silo, agent, register: false);
        using var anonymous = silo.CreateHttpClient();
        var (status, json, text) = await OAuthSilo.PostFormAsync(anonymous, "/oauth2/token", ExchangeFields(svid, accessToken, partner));
        Assert.True(status == HttpStatusCode.OK, $"chaining exchange at {silo.Name}: {(int)status} {text}\n{silo.Describe()}");
        return (json.GetProperty("access_token").GetString()!, json);
    }

    private static (string Name, string Value)[] ExchangeFields(string svid, string accessToken, string partner) =>
    [
        ("grant_type", TokenExchange),
        ("client_assertion_type", OAuthSilo.JwtBearer),
        ("client_assertion", svid),
        ("subject_token", accessToken),
        ("subject_token_type", AccessTokenType),
        ("requested_token_type", JwtTokenType),
        ("audience", partner),
    ];

    /// <summary>Step two at B: the jwt-bearer grant for B's API.</summary>
    private async Task<(HttpStatusCode Status, JsonElement Json, string Text)> PresentAsync(string assertion)
    {
        using var anonymous = fabrics.B.CreateHttpClient();
        return await OAuthSilo.PostFormAsync(anonymous, "/oauth2/token",
            ("grant_type", JwtBearerGrant), ("assertion", assertion), ("resource", ChainingFabrics.ResourceB));
    }

    private static void AssertInvalidGrant((HttpStatusCode Status, JsonElement Json, string Text) response, string expected)
    {
        Assert.True(response.Status == HttpStatusCode.BadRequest, response.Text);
        Assert.Equal("invalid_grant", response.Json.GetProperty("error").GetString());
        Assert.Contains(expected, response.Json.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    private static JsonElement Claims(string jwt) =>
        SiloApi.Parse(System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(jwt.Split('.')[1])));
}
