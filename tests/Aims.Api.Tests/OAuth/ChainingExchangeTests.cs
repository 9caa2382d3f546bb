using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Api.Tests.Testing;

namespace Aims.Api.Tests.OAuth;

/// <summary>
/// Identity chaining, step one (draft-ietf-oauth-identity-chaining §2.3) through the real pipeline: an agent exchanges
/// its own access token for a JWT authorization grant addressed to a partner authorization server, as the policy's
/// <c>oauth.chaining</c> allows. Step two, at the partner, is <see cref="JwtBearerGrantTests"/> and the two-fabric test.
/// </summary>
[Collection(AimsApiCollection.Name)]
public sealed class ChainingExchangeTests(AimsApiFixture fixture)
{
    private const string JwtTokenType = "urn:ietf:params:oauth:token-type:jwt";

    /// <summary>Researchers may carry read:reports to B; every other agent gets tokens but may not chain.</summary>
    private async Task<string> PutPolicyAsync()
    {
        static JsonObject Rule(string match, JsonObject? chaining)
        {
            var oauth = new JsonObject
            {
                ["scopes"] = new JsonArray("read:reports", "write:reports"),
                ["resources"] = new JsonArray(OAuthWire.Resource),
            };
            if (chaining is not null)
                oauth["chaining"] = chaining;
            return new JsonObject { ["match"] = match, ["audiences"] = new JsonArray("*"), ["oauth"] = oauth };
        }

        var name = $"chain-{Guid.NewGuid():N}"[..20];
        var document = new JsonObject
        {
            ["rules"] = new JsonArray(
                Rule("spiffe://aims.local/agents/research/*", new JsonObject
                {
                    ["partners"] = new JsonArray(ChainingPartners.B),
                    ["scopes"] = new JsonArray("read:reports"),
                }),
                Rule("spiffe://aims.local/**", null)),
        };
        using var put = await fixture.Operator.PutAsync($"/v1/policies/{name}", Wire.Json(document));
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        return name;
    }

    private sealed record Agent(string Id, string AccessToken);

    /// <summary>A registered agent of the chaining policy with an access token (client_credentials) of <paramref name="scope"/>.</summary>
    private async Task<Agent> AgentAsync(string path = "research", string scope = "read:reports write:reports")
    {
        var policy = await PutPolicyAsync();
        var id = $"spiffe://{AimsApiFixture.TrustDomain}/agents/{path}/bot-{Guid.NewGuid():N}";
        await Wire.RegisterAsync(fixture.Operator, id, policy);
        return new Agent(id, await OAuthWire.IssueAsync(fixture.Anonymous, await SvidAsync(id), scope));
    }

    private Task<string> SvidAsync(string id) => OAuthWire.SvidForTokenEndpointAsync(fixture, id);

    private static FormUrlEncodedContent Chain(string clientAssertion, string subjectToken, string? audience = ChainingPartners.B, string? scope = null,
        string? requested = JwtTokenType, params (string, string?)[] extra) =>
        OAuthWire.Form(ChainFields(clientAssertion, subjectToken, audience, scope, requested, extra));

    private static (string Name, string? Value)[] ChainFields(string clientAssertion, string subjectToken, string? audience = ChainingPartners.B, string? scope = null,
        string? requested = JwtTokenType, params (string, string?)[] extra) =>
        [
            ("grant_type", DelegationWire.TokenExchange),
            ("client_assertion_type", OAuthWire.JwtBearerAssertionType),
            ("client_assertion", clientAssertion),
            ("subject_token", subjectToken),
            ("subject_token_type", DelegationWire.AccessTokenType),
            ("requested_token_type", requested),
            ("audience", audience),
            ("scope", scope),
            .. extra,
        ];

    private async Task<HttpResponseMessage> ChainAsync(Agent agent, string? audience = ChainingPartners.B, string? scope = null, params (string, string?)[] extra) =>
        await fixture.Anonymous.PostAsync("/oauth2/token", Chain(await SvidAsync(agent.Id), agent.AccessToken, audience, scope, extra: extra));

    [Fact]
    public async Task Chain_ResearcherToPartnerB_JwtGrantForBWithNarrowedScope()
    {
        var agent = await AgentAsync();

        using var response = await ChainAsync(agent);

        var body = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(JwtTokenType, body.GetProperty("issued_token_type").GetString());
        Assert.Equal("N_A", body.GetProperty("token_type").GetString());
        Assert.Equal("read:reports", body.GetProperty("scope").GetString());
        Assert.InRange(body.GetProperty("expires_in").GetInt64(), 1, ChainingPartners.BGrantLifetimeSeconds);
        Assert.False(body.TryGetProperty("refresh_token", out _));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());

        var grant = body.GetProperty("access_token").GetString()!;
        var header = Wire.JwtHeader(grant);
        Assert.Equal("ES256", header.GetProperty("alg").GetString());
        Assert.Equal("JWT", header.GetProperty("typ").GetString());
        var claims = Wire.JwtPayload(grant);
        Assert.Equal(await OAuthWire.IssuerAsync(fixture.Anonymous), claims.GetProperty("iss").GetString());
        Assert.Equal(agent.Id, claims.GetProperty("sub").GetString());
        Assert.Equal(agent.Id, claims.GetProperty("client_id").GetString());
        Assert.Equal(JsonValueKind.String, claims.GetProperty("aud").ValueKind);
        Assert.Equal(ChainingPartners.B, claims.GetProperty("aud").GetString());
        Assert.Equal("read:reports", claims.GetProperty("scope").GetString());
        Assert.False(claims.TryGetProperty("act", out _));
        Assert.Equal(ChainingPartners.BGrantLifetimeSeconds, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());

        // Signed with the key of /oauth2/jwks, where the partner fetches it.
        using var jwks = await fixture.Anonymous.GetAsync("/oauth2/jwks");
        Assert.Equal(HttpStatusCode.OK, jwks.StatusCode);
        using var set = JsonDocument.Parse(await jwks.Content.ReadAsStringAsync());
        var keys = set.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).ToList();
        Assert.Contains(header.GetProperty("kid").GetString(), keys);

        // Audited with aud and jti.
        using var audit = await fixture.Operator.GetAsync($"/v1/audit?agent={Uri.EscapeDataString(agent.Id)}");
        var record = Assert.Single((await Wire.AssertJsonAsync(audit, HttpStatusCode.OK)).GetProperty("records").EnumerateArray(),
            r => r.GetProperty("action").GetString() == "oauth.chaining.grant");
        Assert.Equal("Allowed", record.GetProperty("decision").GetString());
        Assert.Equal($"authorization-grant:{claims.GetProperty("jti").GetString()}", record.GetProperty("resource").GetString());
        Assert.Contains(ChainingPartners.B, record.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("resource", ChainingPartners.B)]
    [InlineData("resource", ChainingPartners.BTokenEndpoint)]
    public async Task Chain_PartnerNamedByResource_GrantForItsIssuer(string parameter, string value)
    {
        var agent = await AgentAsync();

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token",
            Chain(await SvidAsync(agent.Id), agent.AccessToken, audience: null, extra: [(parameter, value)]));

        var body = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(ChainingPartners.B, Wire.JwtPayload(body.GetProperty("access_token").GetString()!).GetProperty("aud").GetString());
    }

    [Fact]
    public async Task Chain_UnknownAudience_InvalidTargetNamingThePartners()
    {
        var agent = await AgentAsync();

        using var response = await ChainAsync(agent, audience: "https://as.unknown.example");

        var description = await OAuthWire.AssertErrorAsync(response, "invalid_target");
        Assert.Contains("'https://as.unknown.example' is not a partner", description, StringComparison.Ordinal);
        Assert.Contains(ChainingPartners.B, description, StringComparison.Ordinal);
        await AssertDeniedAuditAsync(agent.Id, "https://as.unknown.example");
    }

    [Fact]
    public async Task Chain_NoTargetWithoutClientAuthentication_InvalidRequestNamingNoPartner()
    {
        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.Form(
            ("grant_type", DelegationWire.TokenExchange), ("subject_token", "x"), ("subject_token_type", DelegationWire.AccessTokenType),
            ("requested_token_type", JwtTokenType)));

        var description = await OAuthWire.AssertErrorAsync(response, "invalid_request");
        Assert.Contains("audience", description, StringComparison.Ordinal);
        Assert.DoesNotContain(ChainingPartners.B, description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chain_TwoPartnersAtOnce_InvalidTarget()
    {
        var agent = await AgentAsync();

        using var response = await ChainAsync(agent, extra: [("audience", ChainingPartners.C)]);

        Assert.Contains("exactly one", await OAuthWire.AssertErrorAsync(response, "invalid_target"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chain_PartnerThePolicyDoesNotList_InvalidTarget()
    {
        var agent = await AgentAsync();

        using var response = await ChainAsync(agent, audience: ChainingPartners.C);

        Assert.Contains("oauth.chaining.partners", await OAuthWire.AssertErrorAsync(response, "invalid_target"), StringComparison.Ordinal);
        await AssertDeniedAuditAsync(agent.Id, ChainingPartners.C);
    }

    [Fact]
    public async Task Chain_AgentOutsideTheChainingRule_InvalidTarget()
    {
        var agent = await AgentAsync(path: "sales");

        using var response = await ChainAsync(agent);

        Assert.Contains("no oauth.chaining section", await OAuthWire.AssertErrorAsync(response, "invalid_target"), StringComparison.Ordinal);
        await AssertDeniedAuditAsync(agent.Id, ChainingPartners.B);
    }

    [Fact]
    public async Task Chain_ScopeBeyondThePolicyCeiling_InvalidScope()
    {
        var agent = await AgentAsync();

        using var response = await ChainAsync(agent, scope: "write:reports");

        Assert.Contains("oauth.chaining.scopes", await OAuthWire.AssertErrorAsync(response, "invalid_scope"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chain_ScopeWiderThanTheSubjectToken_InvalidScope()
    {
        var agent = await AgentAsync(scope: "write:reports");

        using var response = await ChainAsync(agent, scope: "read:reports");

        Assert.Contains("not in the subject token", await OAuthWire.AssertErrorAsync(response, "invalid_scope"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("compromise")]
    [InlineData("suspend")]
    [InlineData("terminate")]
    public async Task Chain_AgentNoLongerActive_InvalidGrant(string action)
    {
        var agent = await AgentAsync();
        var svid = await SvidAsync(agent.Id);
        using (var change = await fixture.Operator.PostAsync($"/v1/agents/{Wire.Encode(agent.Id)}/{action}", Wire.Json("""{"reason":"chaining test"}""")))
            Assert.True(change.IsSuccessStatusCode, await change.Content.ReadAsStringAsync());

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", Chain(svid, agent.AccessToken));

        // A compromised or terminated client cannot even authenticate; a suspended one can, but its token no longer stands.
        var status = (await Wire.AssertJsonAsync(response, response.StatusCode)).GetProperty("error").GetString();
        Assert.Contains(status, new[] { "invalid_grant", "invalid_client" });
        if (action == "suspend")
            Assert.Equal("invalid_grant", status);
    }

    [Fact]
    public async Task Chain_RevokedSubjectToken_InvalidGrant()
    {
        var agent = await AgentAsync();
        using (var revoke = await fixture.Anonymous.SendAsync(OAuthWire.OperatorForm("/oauth2/revoke", fixture.OperatorToken, ("token", agent.AccessToken))))
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        using var response = await ChainAsync(agent);

        Assert.Contains("revoked", await OAuthWire.AssertErrorAsync(response, "invalid_grant"), StringComparison.Ordinal);
        await AssertDeniedAuditAsync(agent.Id, ChainingPartners.B);
    }

    [Fact]
    public async Task Chain_SomeoneElsesAccessToken_InvalidGrant()
    {
        var owner = await AgentAsync();
        var other = await AgentAsync();

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", Chain(await SvidAsync(other.Id), owner.AccessToken));

        Assert.Contains($"issued to {owner.Id}", await OAuthWire.AssertErrorAsync(response, "invalid_grant"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("subject_token_type", "urn:ietf:params:oauth:token-type:txn_token", "a transaction token can be exchanged for")]
    [InlineData("subject_token_type", "urn:ietf:params:oauth:token-type:id_token", "subject_token_type must be")]
    [InlineData("actor_token_type", "urn:ietf:params:oauth:token-type:jwt", "actor_token is not used")]
    [InlineData("impersonation", "true", "impersonation does not apply")]
    public async Task Chain_WrongTokenTypeCombination_InvalidRequest(string parameter, string value, string expected)
    {
        var agent = await AgentAsync();
        var fields = ChainFields(await SvidAsync(agent.Id), agent.AccessToken).Where(f => f.Name != parameter).ToList();
        fields.Add((parameter, value));
        if (parameter == "actor_token_type")
            fields.Add(("actor_token", "x"));

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.Form([.. fields]));

        Assert.Contains(expected, await OAuthWire.AssertErrorAsync(response, "invalid_request"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exchange_UnsupportedRequestedTokenType_InvalidRequestListingJwt()
    {
        var agent = await AgentAsync();

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token",
            Chain(await SvidAsync(agent.Id), agent.AccessToken, requested: "urn:ietf:params:oauth:token-type:saml2"));

        Assert.Contains(JwtTokenType, await OAuthWire.AssertErrorAsync(response, "invalid_request"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metadata_AdvertisesTheChainingTokenType()
    {
        var metadata = await OAuthWire.MetadataAsync(fixture.Anonymous);

        Assert.Equal([JwtTokenType], metadata.GetProperty("identity_chaining_requested_token_types_supported").EnumerateArray().Select(v => v.GetString()));
    }

    private async Task AssertDeniedAuditAsync(string agent, string partner)
    {
        using var audit = await fixture.Operator.GetAsync($"/v1/audit?agent={Uri.EscapeDataString(agent)}");
        var record = Assert.Single((await Wire.AssertJsonAsync(audit, HttpStatusCode.OK)).GetProperty("records").EnumerateArray(),
            r => r.GetProperty("action").GetString() == "oauth.chaining.grant");
        Assert.Equal("Denied", record.GetProperty("decision").GetString());
        Assert.Contains(partner, record.GetRawText(), StringComparison.Ordinal);
    }
}
