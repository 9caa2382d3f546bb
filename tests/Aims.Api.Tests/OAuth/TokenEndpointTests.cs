using System.Net;
using System.Text;
using Aims.Api.Tests.Testing;

namespace Aims.Api.Tests.OAuth;

[Collection(AimsApiCollection.Name)]
public sealed class TokenEndpointTests(AimsApiFixture fixture)
{
    [Fact]
    public async Task ClientCredentials_JwtSvidAssertion_Returns200WithRfc9068TokenNarrowedToPolicy()
    {
        var issuer = await OAuthWire.IssuerAsync(fixture.Anonymous);
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var (id, svids) = await OAuthWire.AgentAsync(fixture, policy, audience: issuer + "/oauth2/token");

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.TokenRequest(svids[0], scope: "read:reports admin:all"));

        var body = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        var expiresIn = body.GetProperty("expires_in").GetInt64();
        Assert.InRange(expiresIn, 1, 600);
        Assert.Equal("read:reports", body.GetProperty("scope").GetString());

        var token = body.GetProperty("access_token").GetString()!;
        var header = Wire.JwtHeader(token);
        Assert.Equal("at+jwt", header.GetProperty("typ").GetString());
        Assert.Equal("ES256", header.GetProperty("alg").GetString());
        Assert.False(string.IsNullOrEmpty(header.GetProperty("kid").GetString()));

        var claims = Wire.JwtPayload(token);
        Assert.Equal(issuer, claims.GetProperty("iss").GetString());
        Assert.Equal(id, claims.GetProperty("sub").GetString());
        Assert.Equal(id, claims.GetProperty("client_id").GetString());
        var aud = claims.GetProperty("aud");
        Assert.Equal(OAuthWire.Resource, aud.ValueKind == System.Text.Json.JsonValueKind.Array ? Assert.Single(aud.EnumerateArray()).GetString() : aud.GetString());
        Assert.Equal("read:reports", claims.GetProperty("scope").GetString());
        Assert.False(string.IsNullOrEmpty(claims.GetProperty("jti").GetString()));
        var iat = claims.GetProperty("iat").GetInt64();
        var exp = claims.GetProperty("exp").GetInt64();
        Assert.True(exp > iat);
        Assert.True(exp - iat <= 600, $"lifetime {exp - iat} s exceeds the policy's 600 s");
        Assert.False(claims.TryGetProperty("cnf", out _));
    }

    [Fact]
    public async Task ClientCredentials_AudienceParameterMatchingPrefix_Returns200WithThatAudience()
    {
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var (_, svids) = await OAuthWire.AgentAsync(fixture, policy, audience: await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous));

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.TokenRequest(
            svids[0], scope: null, resource: null, ("audience", "spiffe://aims.local/svc/ledger")));

        var body = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        var aud = Wire.JwtPayload(body.GetProperty("access_token").GetString()!).GetProperty("aud");
        Assert.Contains("spiffe://aims.local/svc/ledger", aud.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientCredentials_AssertionAudienceIsIssuer_Returns200()
    {
        var issuer = await OAuthWire.IssuerAsync(fixture.Anonymous);
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var (_, svids) = await OAuthWire.AgentAsync(fixture, policy, audience: issuer);

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.TokenRequest(svids[0]));

        await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_MissingGrantType_ReturnsInvalidRequest()
    {
        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.Form(("resource", OAuthWire.Resource)));

        await OAuthWire.AssertErrorAsync(response, "invalid_request");
    }

    [Fact]
    public async Task Token_PasswordGrant_ReturnsUnsupportedGrantType()
    {
        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.Form(
            ("grant_type", "password"), ("username", "u"), ("password", "p")));

        await OAuthWire.AssertErrorAsync(response, "unsupported_grant_type");
    }

    [Fact]
    public async Task Token_NoClientAuthentication_Returns401InvalidClientWithChallenge()
    {
        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.Form(
            ("grant_type", "client_credentials"), ("resource", OAuthWire.Resource)));

        await OAuthWire.AssertErrorAsync(response, "invalid_client");
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task Token_ReplayedAssertion_ReturnsInvalidClientAlreadyUsed()
    {
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var (_, svids) = await OAuthWire.AgentAsync(fixture, policy, audience: await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous));
        using (var first = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.TokenRequest(svids[0])))
            await Wire.AssertJsonAsync(first, HttpStatusCode.OK);

        using var second = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.TokenRequest(svids[0]));

        var description = await OAuthWire.AssertErrorAsync(second, "invalid_client");
        Assert.Contains("already used", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_AssertionSpentByClientCredentials_IsRefusedAtIntrospection()
    {
        // An agent's assertions are spent by its grain, whichever endpoint it authenticates at: one jti, one use.
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var (_, svids) = await OAuthWire.AgentAsync(fixture, policy, audience: await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous));
        var token = await OAuthWire.IssueAsync(fixture.Anonymous, svids[0]);

        using var introspection = await fixture.Anonymous.PostAsync("/oauth2/introspect", OAuthWire.Form(
            ("token", token), ("client_assertion_type", OAuthWire.JwtBearerAssertionType), ("client_assertion", svids[0])));

        var description = await OAuthWire.AssertErrorAsync(introspection, "invalid_client");
        Assert.Contains("already used", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_AssertionOfARequestRefusedForItsScope_CannotBeUsedAgain()
    {
        // Refused before the agent's grant (the scope is malformed), the assertion is spent all the same.
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var (_, svids) = await OAuthWire.AgentAsync(fixture, policy, audience: await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous));
        using (var refused = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.TokenRequest(svids[0], scope: "read:reports \"bad\"")))
            await OAuthWire.AssertErrorAsync(refused, "invalid_scope");

        using var second = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.TokenRequest(svids[0]));

        var description = await OAuthWire.AssertErrorAsync(second, "invalid_client");
        Assert.Contains("already used", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_AssertionForAnotherAudience_ReturnsInvalidClient()
    {
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var (_, svids) = await OAuthWire.AgentAsync(fixture, policy, audience: OAuthWire.OtherAudience);

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.TokenRequest(svids[0]));

        var description = await OAuthWire.AssertErrorAsync(response, "invalid_client");
        Assert.Contains("aud", description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("HS256")]
    public async Task Token_AssertionWithUnsafeAlgorithm_ReturnsInvalidClient(string alg)
    {
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var id = Wire.NewAgentId("oauth-alg");
        await Wire.RegisterAsync(fixture.Operator, id, policy);
        // HS256 keyed with public bytes: the classic key-confusion attack uses the published key as the HMAC secret.
        using var bundle = await fixture.Anonymous.GetAsync("/spiffe/bundle");
        var forged = OAuthWire.CraftUnsafe(alg, id, await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous), Encoding.UTF8.GetBytes(await bundle.Content.ReadAsStringAsync()));

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.TokenRequest(forged));

        await OAuthWire.AssertErrorAsync(response, "invalid_client");
    }

    [Fact]
    public async Task Token_CraftedSvidSignedByTrustDomainKey_Returns200()
    {
        // Control for the expired case below: the hand-made JWS is accepted when its times are valid.
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var (id, _) = await OAuthWire.AgentAsync(fixture, policy, "oauth-crafted", audience: OAuthWire.OtherAudience);
        var now = DateTimeOffset.UtcNow;
        var svid = await OAuthWire.CraftSvidAsync(fixture, id, await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous), now, now.AddMinutes(2));

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.TokenRequest(svid));

        await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_ExpiredSvid_ReturnsInvalidClient()
    {
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var (id, _) = await OAuthWire.AgentAsync(fixture, policy, "oauth-expired", audience: OAuthWire.OtherAudience);
        var now = DateTimeOffset.UtcNow;
        var svid = await OAuthWire.CraftSvidAsync(fixture, id, await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous), now.AddMinutes(-10), now.AddMinutes(-5));

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.TokenRequest(svid));

        var description = await OAuthWire.AssertErrorAsync(response, "invalid_client");
        Assert.Contains("expired", description, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Token_ClientIdDiffersFromSvidSubject_ReturnsInvalidClient()
    {
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var (id, svids) = await OAuthWire.AgentAsync(fixture, policy, audience: await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous));
        var other = Wire.NewAgentId("oauth-other");
        await Wire.RegisterAsync(fixture.Operator, other, policy);

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.TokenRequest(svids[0], extra: ("client_id", other)));

        var description = await OAuthWire.AssertErrorAsync(response, "invalid_client");
        Assert.Contains(id, description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_MatchingClientIdParameter_Returns200()
    {
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var (id, svids) = await OAuthWire.AgentAsync(fixture, policy, audience: await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous));

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.TokenRequest(svids[0], extra: ("client_id", id)));

        await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_JsonBody_ReturnsInvalidRequest()
    {
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var (_, svids) = await OAuthWire.AgentAsync(fixture, policy, audience: await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous));
        var json = new System.Text.Json.Nodes.JsonObject
        {
            ["grant_type"] = "client_credentials",
            ["client_assertion_type"] = OAuthWire.JwtBearerAssertionType,
            ["client_assertion"] = svids[0],
            ["resource"] = OAuthWire.Resource,
        };

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", Wire.Json(json));

        await OAuthWire.AssertErrorAsync(response, "invalid_request");
    }

    [Fact]
    public async Task Token_OnlyDisallowedScopes_ReturnsInvalidScope()
    {
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var (_, svids) = await OAuthWire.AgentAsync(fixture, policy, audience: await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous));

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.TokenRequest(svids[0], scope: "admin:all delete:everything"));

        await OAuthWire.AssertErrorAsync(response, "invalid_scope");
    }

    [Fact]
    public async Task Token_DisallowedScopeForAgentWhosePathSaysResource_ReturnsInvalidScope()
    {
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator, match: "spiffe://aims.local/resource-agents/**");
        var id = $"spiffe://aims.local/resource-agents/a-{Guid.NewGuid():N}";
        var (_, svids) = await OAuthWire.AgentAsync(fixture, policy, id: id, audience: await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous));

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.TokenRequest(svids[0], scope: "admin:all"));

        await OAuthWire.AssertErrorAsync(response, "invalid_scope");
    }

    [Fact]
    public async Task Token_ResourceNotAllowed_ReturnsInvalidTarget()
    {
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var (_, svids) = await OAuthWire.AgentAsync(fixture, policy, audience: await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous));

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.TokenRequest(svids[0], resource: "https://evil.example.com/"));

        await OAuthWire.AssertErrorAsync(response, "invalid_target");
    }

    [Fact]
    public async Task Token_MissingResource_ReturnsInvalidRequest()
    {
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var (_, svids) = await OAuthWire.AgentAsync(fixture, policy, audience: await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous));

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.TokenRequest(svids[0], resource: null));

        var description = await OAuthWire.AssertErrorAsync(response, "invalid_request");
        Assert.Contains("resource", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_SuspendedAgent_ReturnsInvalidClient()
    {
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var (id, svids) = await OAuthWire.AgentAsync(fixture, policy, audience: await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous));
        using (var suspend = await fixture.Operator.PostAsync($"/v1/agents/{Wire.Encode(id)}/suspend", null))
            await Wire.AssertJsonAsync(suspend, HttpStatusCode.OK);

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.TokenRequest(svids[0]));

        var description = await OAuthWire.AssertErrorAsync(response, "invalid_client");
        Assert.Contains("suspended", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_PolicyWithoutOAuthSection_Returns400UnauthorizedClientWithoutToken()
    {
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator, withOAuth: false);
        var (_, svids) = await OAuthWire.AgentAsync(fixture, policy, audience: await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous));

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.TokenRequest(svids[0]));

        // RFC 6749 section 5.2: the client is not authorized to use this grant; no token, and a description of why.
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.DoesNotContain("access_token", text, StringComparison.Ordinal);
        var description = await OAuthWire.AssertErrorAsync(response, "unauthorized_client");
        Assert.Contains("no oauth section", description, StringComparison.Ordinal);
    }
}
