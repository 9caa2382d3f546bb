using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Api.Tests.Testing;

namespace Aims.Api.Tests.OAuth;

/// <summary>
/// RFC 7523 §2.1 jwt-bearer through the real pipeline: a partner trust domain's authorization server (the tests hold
/// its keys) asserts an agent, and the silo issues an access token as the trusted issuer's policy allows.
/// </summary>
[Collection(AimsApiCollection.Name)]
public sealed class JwtBearerGrantTests(AimsApiFixture fixture)
{
    private const string JwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private const string Blocked = "spiffe://partner.example/agents/blocked";

    /// <summary>The trusted issuers' policy: partner agents may read reports; the silo's own agents may read and write.</summary>
    private async Task PutPartnerPolicyAsync()
    {
        var document = new JsonObject
        {
            ["description"] = "What partner.example's authorization server may get for the agents it asserts",
            ["rules"] = new JsonArray(
                new JsonObject { ["match"] = Blocked },
                new JsonObject
                {
                    ["match"] = "spiffe://partner.example/agents/*",
                    ["oauth"] = new JsonObject { ["scopes"] = new JsonArray("read:reports"), ["resources"] = new JsonArray(OAuthWire.Resource) },
                },
                new JsonObject
                {
                    ["match"] = "spiffe://aims.local/**",
                    ["oauth"] = new JsonObject { ["scopes"] = new JsonArray("read:reports", "write:reports"), ["resources"] = new JsonArray(OAuthWire.Resource) },
                }),
        };
        using var put = await fixture.Operator.PutAsync($"/v1/policies/{PartnerAuthority.Policy}", Wire.Json(document));
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
    }

    private static FormUrlEncodedContent Grant(string assertion, string? scope = "read:reports", string? resource = OAuthWire.Resource, params (string, string?)[] extra) =>
        OAuthWire.Form([("grant_type", JwtBearer), ("assertion", assertion), ("scope", scope), ("resource", resource), .. extra]);

    private async Task<HttpResponseMessage> PostAsync(HttpContent form, string? correlationId = null)
    {
        await PutPartnerPolicyAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/token") { Content = form };
        if (correlationId is not null)
            request.Headers.Add("X-Correlation-Id", correlationId);
        return await fixture.Anonymous.SendAsync(request);
    }

    private Task<string> TokenEndpointAsync() => OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous);

    private async Task<string> AssertionAsync(string sub, Action<JsonObject>? change = null, string alg = "ES256", string? kid = PartnerAuthority.EcKid)
    {
        var claims = PartnerAuthority.Claims(sub, await TokenEndpointAsync());
        change?.Invoke(claims);
        return PartnerAuthority.Sign(claims, alg, kid);
    }

    private async Task<string> RefusedAsync(string assertion, string error, string? scope = "read:reports", string? resource = OAuthWire.Resource)
    {
        using var response = await PostAsync(Grant(assertion, scope, resource));
        return await OAuthWire.AssertErrorAsync(response, error);
    }

    [Fact]
    public async Task JwtBearer_PartnerAgentWithoutClientAuthentication_TokenForTheAssertedSubject()
    {
        var subject = PartnerAuthority.Agent("planner");

        using var response = await PostAsync(Grant(await AssertionAsync(subject)));

        var body = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal("read:reports", body.GetProperty("scope").GetString());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var token = body.GetProperty("access_token").GetString()!;
        var claims = Wire.JwtPayload(token);
        Assert.Equal(await OAuthWire.IssuerAsync(fixture.Anonymous), claims.GetProperty("iss").GetString());
        Assert.Equal(subject, claims.GetProperty("sub").GetString());
        Assert.Equal(subject, claims.GetProperty("client_id").GetString());
        Assert.Equal(OAuthWire.Resource, claims.GetProperty("aud").GetString());
        Assert.False(claims.TryGetProperty("act", out _));

        // Introspection knows no state of a partner agent; the token is active on its own record.
        using var introspect = await fixture.Anonymous.SendAsync(OAuthWire.OperatorForm("/oauth2/introspect", fixture.OperatorToken, ("token", token)));
        var result = await Wire.AssertJsonAsync(introspect, HttpStatusCode.OK);
        Assert.True(result.GetProperty("active").GetBoolean());
        Assert.Equal(subject, result.GetProperty("sub").GetString());
    }

    [Theory]
    [InlineData("RS256")]
    [InlineData("PS256")]
    public async Task JwtBearer_RsaSignedAssertionAddressedToTheIssuerIdentifier_Accepted(string alg)
    {
        var claims = PartnerAuthority.Claims(PartnerAuthority.Agent("rsa"), await OAuthWire.IssuerAsync(fixture.Anonymous));
        var assertion = PartnerAuthority.Sign(claims, alg, PartnerAuthority.RsaKid);

        using var response = await PostAsync(Grant(assertion));

        // The RSA key's JWK says alg RS256, so only RS256 may use it (RFC 7517 §4.4).
        if (alg == "RS256")
            await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        else
            Assert.Contains("published for alg 'RS256' only", await OAuthWire.AssertErrorAsync(response, "invalid_grant"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JwtBearer_WithAnAgentsClientAssertion_ClientIdIsTheAgent()
    {
        var client = Wire.NewAgentId("chaining-client");
        var clientAssertion = await DelegationWire.AgentAsync(fixture, await OAuthWire.PutPolicyAsync(fixture.Operator), client);
        var subject = PartnerAuthority.Agent("planner");

        using var response = await PostAsync(Grant(await AssertionAsync(subject), extra:
            [("client_assertion_type", OAuthWire.JwtBearerAssertionType), ("client_assertion", clientAssertion)]));

        var claims = Wire.JwtPayload((await Wire.AssertJsonAsync(response, HttpStatusCode.OK)).GetProperty("access_token").GetString()!);
        Assert.Equal(subject, claims.GetProperty("sub").GetString());
        Assert.Equal(client, claims.GetProperty("client_id").GetString());
    }

    [Fact]
    public async Task JwtBearer_ClientCredentialsThatDoNotAuthenticate_InvalidClient()
    {
        using var response = await PostAsync(Grant(await AssertionAsync(PartnerAuthority.Agent("planner")), extra:
            [("client_assertion_type", OAuthWire.JwtBearerAssertionType), ("client_assertion", "not-a-jwt")]));

        await OAuthWire.AssertErrorAsync(response, "invalid_client");
    }

    [Fact]
    public async Task JwtBearer_BareClientIdWithoutProof_InvalidClient()
    {
        using var response = await PostAsync(Grant(await AssertionAsync(PartnerAuthority.Agent("planner")), extra: [("client_id", "spiffe://aims.local/agents/someone")]));

        await OAuthWire.AssertErrorAsync(response, "invalid_client");
    }

    [Fact]
    public async Task JwtBearer_AssertionWithScopeClaimAndNoScopeAsked_TokenWithTheGrantsScopeAndNoRefreshToken()
    {
        var assertion = await AssertionAsync(PartnerAuthority.Agent("chained"), c => c["scope"] = "read:reports");

        using var response = await PostAsync(Grant(assertion, scope: null));

        var body = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("read:reports", body.GetProperty("scope").GetString());
        Assert.False(body.TryGetProperty("refresh_token", out _));
    }

    [Fact]
    public async Task JwtBearer_ScopeBeyondTheAssertionsScopeClaim_InvalidScope()
    {
        var assertion = await AssertionAsync(PartnerAuthority.Agent("chained"), c => c["scope"] = "other:scope");

        var description = await RefusedAsync(assertion, "invalid_scope", scope: "read:reports");

        Assert.Contains("not in the assertion's scope 'other:scope'", description, StringComparison.Ordinal);
    }

    /// <summary>An access token of this server is not a grant (the two-fabric test shows a trusted issuer's at+jwt refused by its typ).</summary>
    [Fact]
    public async Task JwtBearer_OwnAccessTokenPresentedAsAssertion_InvalidGrant()
    {
        var accessToken = await OAuthWire.IssueAsync(fixture.Anonymous, await DelegationWire.AgentAsync(
            fixture, await OAuthWire.PutPolicyAsync(fixture.Operator), Wire.NewAgentId("not-a-grant")));

        var description = await RefusedAsync(accessToken, "invalid_grant");

        Assert.Contains("is not trusted", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JwtBearer_SameAssertionTwice_SecondIsInvalidGrant()
    {
        var assertion = await AssertionAsync(PartnerAuthority.Agent("planner"));
        using (var first = await PostAsync(Grant(assertion)))
            await Wire.AssertJsonAsync(first, HttpStatusCode.OK);

        var description = await RefusedAsync(assertion, "invalid_grant");

        Assert.Contains("was already used", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JwtBearer_ScopeThePolicyDoesNotAllow_InvalidScope()
    {
        var description = await RefusedAsync(await AssertionAsync(PartnerAuthority.Agent("planner")), "invalid_scope", scope: "write:reports");

        Assert.Contains($"policy '{PartnerAuthority.Policy}'", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JwtBearer_ResourceThePolicyDoesNotAllow_InvalidTarget()
    {
        await RefusedAsync(await AssertionAsync(PartnerAuthority.Agent("planner")), "invalid_target", resource: "https://elsewhere.example/api");
    }

    [Theory]
    [InlineData(Blocked)]
    [InlineData("spiffe://partner.example/tools/search")]
    public async Task JwtBearer_SubjectThePolicyGrantsNothing_InvalidGrant(string subject)
    {
        await RefusedAsync(await AssertionAsync(subject), "invalid_grant");
    }

    [Fact]
    public async Task JwtBearer_UntrustedIssuer_InvalidGrant()
    {
        var description = await RefusedAsync(await AssertionAsync(PartnerAuthority.Agent("planner"), c => c["iss"] = "https://as.unknown.example"), "invalid_grant");

        Assert.Contains("'https://as.unknown.example' is not trusted", description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("none", "alg 'none' is never accepted")]
    [InlineData("HS256", "symmetric (HMAC)")]
    public async Task JwtBearer_UnsignedOrHmacAssertion_InvalidGrant(string alg, string expected)
    {
        var description = await RefusedAsync(await AssertionAsync(PartnerAuthority.Agent("planner"), alg: alg), "invalid_grant");

        Assert.Contains(expected, description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JwtBearer_SignedWithAKeyTheIssuerDoesNotPublish_InvalidGrant()
    {
        using var stranger = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var claims = PartnerAuthority.Claims(PartnerAuthority.Agent("planner"), await TokenEndpointAsync());

        var description = await RefusedAsync(PartnerAuthority.Sign(claims, ecKey: stranger), "invalid_grant");

        Assert.Contains("does not verify", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JwtBearer_UnknownKid_InvalidGrant()
    {
        var description = await RefusedAsync(await AssertionAsync(PartnerAuthority.Agent("planner"), kid: "unknown-kid"), "invalid_grant");

        Assert.Contains("kid 'unknown-kid' is not among the keys", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JwtBearer_AudienceOfAnotherServer_InvalidGrant()
    {
        var description = await RefusedAsync(await AssertionAsync(PartnerAuthority.Agent("planner"), c => c["aud"] = "https://as.other.example/token"), "invalid_grant");

        Assert.Contains("'aud' must contain", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JwtBearer_ExpiredAssertion_InvalidGrant()
    {
        var description = await RefusedAsync(await AssertionAsync(PartnerAuthority.Agent("planner"), c =>
        {
            c["iat"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds();
            c["exp"] = DateTimeOffset.UtcNow.AddMinutes(-3).ToUnixTimeSeconds();
        }), "invalid_grant");

        Assert.Contains("expired at", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JwtBearer_NoJti_InvalidGrant()
    {
        var description = await RefusedAsync(await AssertionAsync(PartnerAuthority.Agent("planner"), c => c.Remove("jti")), "invalid_grant");

        Assert.Contains("jti", description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("planner@partner.example", "must be the SPIFFE ID of an agent")]
    [InlineData("spiffe://evil.example/agents/planner", "may assert subjects of partner.example, aims.local only")]
    public async Task JwtBearer_SubjectTheIssuerMayNotAssert_InvalidGrant(string subject, string expected)
    {
        var description = await RefusedAsync(await AssertionAsync(subject), "invalid_grant");

        Assert.Contains(expected, description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JwtBearer_ActiveAgentOfThisTrustDomain_TokenWithTheScopeThePartnerPolicyAllows()
    {
        var id = Wire.NewAgentId("asserted");
        await Wire.RegisterAsync(fixture.Operator, id);
        await OAuthWire.SvidForTokenEndpointAsync(fixture, id);

        using var response = await PostAsync(Grant(await AssertionAsync(id), scope: "read:reports write:reports"));

        var body = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("read:reports write:reports", body.GetProperty("scope").GetString());
        Assert.Equal(id, Wire.JwtPayload(body.GetProperty("access_token").GetString()!).GetProperty("sub").GetString());
    }

    [Fact]
    public async Task JwtBearer_SuspendedAgentOfThisTrustDomain_InvalidGrant()
    {
        var id = Wire.NewAgentId("asserted-suspended");
        await Wire.RegisterAsync(fixture.Operator, id);
        await OAuthWire.SvidForTokenEndpointAsync(fixture, id);
        using (var suspend = await fixture.Operator.PostAsync($"/v1/agents/{Wire.Encode(id)}/suspend", null))
            Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);

        var description = await RefusedAsync(await AssertionAsync(id), "invalid_grant");

        Assert.Contains("not an active agent", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JwtBearer_NoAssertion_InvalidRequest()
    {
        using var response = await PostAsync(OAuthWire.Form(("grant_type", JwtBearer), ("resource", OAuthWire.Resource)));

        Assert.Contains("assertion is required", await OAuthWire.AssertErrorAsync(response, "invalid_request"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JwtBearer_GrantAndRefusals_AuditedWithTheIssuer()
    {
        var subject = PartnerAuthority.Agent("audited");
        using (var granted = await PostAsync(Grant(await AssertionAsync(subject))))
            await Wire.AssertJsonAsync(granted, HttpStatusCode.OK);
        using (var denied = await PostAsync(Grant(await AssertionAsync(subject), scope: "write:reports")))
            await OAuthWire.AssertErrorAsync(denied, "invalid_scope");
        var correlationId = Guid.NewGuid().ToString("N");
        var since = DateTimeOffset.UtcNow.AddSeconds(-5);
        using (var forged = await PostAsync(Grant(await AssertionAsync(subject, kid: "unknown-kid")), correlationId))
            await OAuthWire.AssertErrorAsync(forged, "invalid_grant");

        using var bySubject = await fixture.Operator.GetAsync($"/v1/audit?agent={Uri.EscapeDataString(subject)}");
        var records = (await Wire.AssertJsonAsync(bySubject, HttpStatusCode.OK)).GetProperty("records").EnumerateArray().ToList();
        var allowed = Assert.Single(records, r => Field(r, "action") == "token.issue" && Field(r, "decision") == "Allowed");
        Assert.Contains(PartnerAuthority.Issuer, Field(allowed, "detail"), StringComparison.Ordinal);
        Assert.StartsWith("access-token:", Field(allowed, "resource"), StringComparison.Ordinal);
        var refused = Assert.Single(records, r => Field(r, "action") == "token.issue" && Field(r, "decision") == "Denied");
        Assert.Contains("invalid_scope", Field(refused, "detail"), StringComparison.Ordinal);

        // An assertion refused before its subject is known is recorded without one, under its correlation id.
        using var recent = await fixture.Operator.GetAsync($"/v1/audit?since={Uri.EscapeDataString(since.ToString("O"))}&limit=1000");
        var byCorrelation = (await Wire.AssertJsonAsync(recent, HttpStatusCode.OK)).GetProperty("records").EnumerateArray()
            .Single(r => Field(r, "correlation_id") == correlationId);
        Assert.Equal("Denied", Field(byCorrelation, "decision"));
        Assert.Contains(PartnerAuthority.Issuer, Field(byCorrelation, "detail"), StringComparison.Ordinal);
        Assert.Contains("unknown-kid", Field(byCorrelation, "detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JwtBearer_IssuerWithJwksUri_KeysFetchedFromIt()
    {
        await using var jwks = await JwksServer.StartAsync(
            fixture.PartnerJwksPort, PartnerAuthority.Jwks(PartnerAuthority.EcJwk(PartnerAuthority.FetchedKey, PartnerAuthority.FetchedKid)));
        var subject = PartnerAuthority.Agent("fetched");
        var claims = PartnerAuthority.Claims(subject, await TokenEndpointAsync(), PartnerAuthority.FetchedIssuer);

        using var response = await PostAsync(Grant(PartnerAuthority.Sign(claims, kid: PartnerAuthority.FetchedKid, ecKey: PartnerAuthority.FetchedKey)));

        var body = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(subject, Wire.JwtPayload(body.GetProperty("access_token").GetString()!).GetProperty("sub").GetString());
        Assert.True(jwks.Requests >= 1);
    }

    [Fact]
    public async Task Metadata_GrantTypes_IncludeJwtBearer()
    {
        var metadata = await OAuthWire.MetadataAsync(fixture.Anonymous);

        Assert.Contains(JwtBearer, metadata.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()));
    }

    private static string Field(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;
}
