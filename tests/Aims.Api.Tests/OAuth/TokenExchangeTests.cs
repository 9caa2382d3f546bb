using System.Net;
using System.Text.Json.Nodes;
using Aims.Api.Tests.Testing;

namespace Aims.Api.Tests.OAuth;

/// <summary>RFC 8693 delegation: agent B, holding a token addressed to it, acts for that token's subject.</summary>
[Collection(AimsApiCollection.Name)]
public sealed class TokenExchangeTests(AimsApiFixture fixture)
{
    private const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";
    private const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";

    [Fact]
    public async Task Exchange_TokenAddressedToTheActor_ReturnsDelegatedTokenWithActChain()
    {
        var (a, b, _) = await TwoAgentsAsync(maxDepth: 2);
        var subjectToken = await OAuthWire.IssueAsync(fixture.Anonymous, a.Svid, "read:reports", b.Id);

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", Exchange(await SvidAsync(b.Id), subjectToken));

        var body = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(AccessTokenType, body.GetProperty("issued_token_type").GetString());
        var claims = Wire.JwtPayload(body.GetProperty("access_token").GetString()!);
        Assert.Equal(a.Id, claims.GetProperty("sub").GetString());
        Assert.Equal(b.Id, claims.GetProperty("client_id").GetString());
        Assert.Equal(b.Id, claims.GetProperty("act").GetProperty("sub").GetString());
        Assert.Equal("read:reports", claims.GetProperty("scope").GetString());

        // RFC 8693 §7.2.1: introspection reports the act chain too.
        using var introspect = await fixture.Anonymous.SendAsync(OAuthWire.OperatorForm("/oauth2/introspect", fixture.OperatorToken, ("token", body.GetProperty("access_token").GetString())));
        var introspected = await Wire.AssertJsonAsync(introspect, HttpStatusCode.OK);
        Assert.Equal(b.Id, introspected.GetProperty("act").GetProperty("sub").GetString());
    }

    [Fact]
    public async Task Exchange_AskingForWiderScope_ReturnsInvalidScope()
    {
        var (a, b, _) = await TwoAgentsAsync(maxDepth: 2);
        var subjectToken = await OAuthWire.IssueAsync(fixture.Anonymous, a.Svid, "read:reports", b.Id);

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", Exchange(await SvidAsync(b.Id), subjectToken, scope: "read:reports write:reports"));

        var description = await OAuthWire.AssertErrorAsync(response, "invalid_scope");
        Assert.Contains("only narrow", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exchange_TokenNotAddressedToTheActor_ReturnsInvalidGrant()
    {
        var (a, b, _) = await TwoAgentsAsync(maxDepth: 2);
        var subjectToken = await OAuthWire.IssueAsync(fixture.Anonymous, a.Svid, "read:reports", OAuthWire.Resource);

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", Exchange(await SvidAsync(b.Id), subjectToken));

        await OAuthWire.AssertErrorAsync(response, "invalid_grant");
    }

    [Fact]
    public async Task Exchange_DelegationNotAllowedByPolicy_ReturnsUnauthorizedClient()
    {
        var (a, b, _) = await TwoAgentsAsync(maxDepth: null);
        var subjectToken = await OAuthWire.IssueAsync(fixture.Anonymous, a.Svid, "read:reports", b.Id);

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", Exchange(await SvidAsync(b.Id), subjectToken));

        var description = await OAuthWire.AssertErrorAsync(response, "unauthorized_client");
        Assert.Contains("delegation", description, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Exchange_SubjectAgentCompromised_ReturnsInvalidGrant()
    {
        var (a, b, _) = await TwoAgentsAsync(maxDepth: 2);
        var subjectToken = await OAuthWire.IssueAsync(fixture.Anonymous, a.Svid, "read:reports", b.Id);
        using (var compromise = await fixture.Operator.PostAsync($"/v1/agents/{Wire.Encode(a.Id)}/compromise", Wire.Json("""{"reason":"stolen"}""")))
            Assert.Equal(HttpStatusCode.OK, compromise.StatusCode);

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", Exchange(await SvidAsync(b.Id), subjectToken));

        // Whichever answers first says so: the silo's revocation cache (revoked at …) or the agent's durable state (Compromised).
        var description = await OAuthWire.AssertErrorAsync(response, "invalid_grant");
        Assert.True(description.Contains("revoked", StringComparison.Ordinal) || description.Contains("Compromised", StringComparison.Ordinal), description);
    }

    [Fact]
    public async Task Exchange_RevokedSubjectToken_ReturnsInvalidGrant()
    {
        var (a, b, _) = await TwoAgentsAsync(maxDepth: 2);
        var subjectToken = await OAuthWire.IssueAsync(fixture.Anonymous, a.Svid, "read:reports", b.Id);
        using (var revoke = await fixture.Anonymous.SendAsync(OAuthWire.OperatorForm("/oauth2/revoke", fixture.OperatorToken, ("token", (string?)subjectToken))))
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", Exchange(await SvidAsync(b.Id), subjectToken));

        var description = await OAuthWire.AssertErrorAsync(response, "invalid_grant");
        Assert.Contains("revoked", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exchange_MissingSubjectToken_ReturnsInvalidRequest()
    {
        var (_, b, _) = await TwoAgentsAsync(maxDepth: 2);

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.Form(
            ("grant_type", TokenExchange),
            ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
            ("client_assertion", await SvidAsync(b.Id)),
            ("resource", OAuthWire.Resource)));

        await OAuthWire.AssertErrorAsync(response, "invalid_request");
    }

    private static FormUrlEncodedContent Exchange(string actorAssertion, string subjectToken, string? scope = null) =>
        OAuthWire.Form(
            ("grant_type", TokenExchange),
            ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
            ("client_assertion", actorAssertion),
            ("subject_token", subjectToken),
            ("subject_token_type", AccessTokenType),
            ("scope", scope),
            ("resource", OAuthWire.Resource));

    private Task<string> SvidAsync(string id) => OAuthWire.SvidForTokenEndpointAsync(fixture, id);

    /// <summary>Agents A and B under one policy that lets tokens address agents and, when <paramref name="maxDepth"/> is set, lets agents delegate.</summary>
    private async Task<((string Id, string Svid) A, (string Id, string Svid) B, string Policy)> TwoAgentsAsync(int? maxDepth)
    {
        var name = $"exchange-{Guid.NewGuid():N}"[..24];
        var oauth = new JsonObject
        {
            ["scopes"] = new JsonArray("read:reports", "write:reports"),
            ["resources"] = new JsonArray(OAuthWire.Resource, "spiffe://aims.local/*"),
        };
        if (maxDepth is { } depth)
            oauth["delegation"] = new JsonObject { ["allowed"] = true, ["max_depth"] = depth };
        var document = new JsonObject
        {
            ["rules"] = new JsonArray(new JsonObject { ["match"] = "spiffe://aims.local/**", ["audiences"] = new JsonArray("*"), ["oauth"] = oauth }),
        };
        using (var put = await fixture.Operator.PutAsync($"/v1/policies/{name}", Wire.Json(document)))
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());

        var audience = await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous);
        var (a, aSvids) = await OAuthWire.AgentAsync(fixture, name, "exchange-a", audience: audience);
        var (b, bSvids) = await OAuthWire.AgentAsync(fixture, name, "exchange-b", audience: audience);
        return ((a, aSvids[0]), (b, bSvids[0]), name);
    }
}
