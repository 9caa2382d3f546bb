using System.Net;
using System.Text.Json;
using Aims.Api.Tests.Testing;

namespace Aims.Api.Tests.OAuth;

[Collection(AimsApiCollection.Name)]
public sealed class IntrospectionEndpointTests(AimsApiFixture fixture)
{
    [Fact]
    public async Task Introspect_AsOperator_ReturnsActiveWithClaims()
    {
        var (id, token) = await IssuedAsync();

        var result = await IntrospectAsOperatorAsync(token);

        Assert.True(result.GetProperty("active").GetBoolean());
        Assert.Equal(id, result.GetProperty("sub").GetString());
        Assert.Equal(id, result.GetProperty("client_id").GetString());
        Assert.Equal(await OAuthWire.IssuerAsync(fixture.Anonymous), result.GetProperty("iss").GetString());
        Assert.Equal("read:reports", result.GetProperty("scope").GetString());
        Assert.Equal(OAuthWire.Resource, result.GetProperty("aud").GetString());
        Assert.Equal("Bearer", result.GetProperty("token_type").GetString());
        Assert.Equal(Wire.JwtPayload(token).GetProperty("jti").GetString(), result.GetProperty("jti").GetString());
        Assert.True(result.GetProperty("exp").GetInt64() > result.GetProperty("iat").GetInt64());
    }

    [Fact]
    public async Task Introspect_WithClientAssertion_ReturnsActive()
    {
        var (id, token) = await IssuedAsync();
        var assertion = await OAuthWire.SvidForTokenEndpointAsync(fixture, id);

        using var response = await fixture.Anonymous.PostAsync("/oauth2/introspect", OAuthWire.Form(
            ("token", token), ("client_assertion_type", OAuthWire.JwtBearerAssertionType), ("client_assertion", assertion)));

        Assert.True((await Wire.AssertJsonAsync(response, HttpStatusCode.OK)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Introspect_Unauthenticated_Returns401InvalidClient()
    {
        var (_, token) = await IssuedAsync();

        using var response = await fixture.Anonymous.PostAsync("/oauth2/introspect", OAuthWire.Form(("token", token)));

        await OAuthWire.AssertErrorAsync(response, "invalid_client");
    }

    [Fact]
    public async Task Introspect_AfterRevoke_ReturnsInactive()
    {
        var (_, token) = await IssuedAsync();
        using (var revoke = await fixture.Anonymous.SendAsync(OAuthWire.OperatorForm("/oauth2/revoke", fixture.OperatorToken, ("token", token))))
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        var result = await IntrospectAsOperatorAsync(token);

        Assert.False(result.GetProperty("active").GetBoolean());
        Assert.Single(result.EnumerateObject());
    }

    [Fact]
    public async Task Revoke_OwnTokenWithClientAssertion_Returns200AndTokenIsInactive()
    {
        var (id, token) = await IssuedAsync();
        var assertion = await OAuthWire.SvidForTokenEndpointAsync(fixture, id);

        using (var revoke = await fixture.Anonymous.PostAsync("/oauth2/revoke", OAuthWire.Form(
            ("token", token), ("client_assertion_type", OAuthWire.JwtBearerAssertionType), ("client_assertion", assertion))))
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        Assert.False((await IntrospectAsOperatorAsync(token)).GetProperty("active").GetBoolean());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")]
    public async Task Introspect_GarbageToken_ReturnsInactive(string token)
    {
        var result = await IntrospectAsOperatorAsync(token);

        Assert.False(result.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Introspect_JwtSvidInsteadOfAccessToken_ReturnsInactive()
    {
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var (_, svids) = await OAuthWire.AgentAsync(fixture, policy, audience: await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous));

        Assert.False((await IntrospectAsOperatorAsync(svids[0])).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Introspect_AfterClientSuspended_ReturnsInactive()
    {
        var (id, token) = await IssuedAsync();
        using (var suspend = await fixture.Operator.PostAsync($"/v1/agents/{Wire.Encode(id)}/suspend", null))
            await Wire.AssertJsonAsync(suspend, HttpStatusCode.OK);

        Assert.False((await IntrospectAsOperatorAsync(token)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Revoke_GarbageToken_Returns200()
    {
        using var revoke = await fixture.Anonymous.SendAsync(OAuthWire.OperatorForm("/oauth2/revoke", fixture.OperatorToken, ("token", "garbage")));

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
    }

    [Fact]
    public async Task Revoke_Unauthenticated_Returns401InvalidClient()
    {
        var (_, token) = await IssuedAsync();

        using var revoke = await fixture.Anonymous.PostAsync("/oauth2/revoke", OAuthWire.Form(("token", token)));

        await OAuthWire.AssertErrorAsync(revoke, "invalid_client");
        Assert.True((await IntrospectAsOperatorAsync(token)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Revoke_AnotherAgentsToken_ReturnsUnauthorizedClientAndTokenStaysActive()
    {
        var (_, token) = await IssuedAsync();
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var (_, otherSvids) = await OAuthWire.AgentAsync(fixture, policy, "oauth-intruder", audience: await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous));

        using var revoke = await fixture.Anonymous.PostAsync("/oauth2/revoke", OAuthWire.Form(
            ("token", token), ("client_assertion_type", OAuthWire.JwtBearerAssertionType), ("client_assertion", otherSvids[0])));

        await OAuthWire.AssertErrorAsync(revoke, "unauthorized_client");
        Assert.True((await IntrospectAsOperatorAsync(token)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Introspect_MissingToken_ReturnsInvalidRequest()
    {
        using var response = await fixture.Anonymous.SendAsync(OAuthWire.OperatorForm("/oauth2/introspect", fixture.OperatorToken));

        await OAuthWire.AssertErrorAsync(response, "invalid_request");
    }

    private async Task<(string Id, string Token)> IssuedAsync()
    {
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var (id, svids) = await OAuthWire.AgentAsync(fixture, policy, audience: await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous));
        return (id, await OAuthWire.IssueAsync(fixture.Anonymous, svids[0]));
    }

    private async Task<JsonElement> IntrospectAsOperatorAsync(string token)
    {
        using var response = await fixture.Anonymous.SendAsync(OAuthWire.OperatorForm("/oauth2/introspect", fixture.OperatorToken, ("token", token)));
        var result = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return result;
    }
}
