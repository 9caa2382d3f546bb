using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Api.Tests.OAuth;
using Aims.Api.Tests.Testing;

namespace Aims.Api.Tests.Endpoints;

/// <summary>What an agent holds: <c>GET /v1/agents/{id}/tokens</c>, and <c>live_tokens</c> and <c>scope_ceiling</c> in the agent view.</summary>
[Collection(AimsApiCollection.Name)]
public sealed class AgentTokensTests(AimsApiFixture fixture)
{
    private async Task<JsonElement> ShowAsync(string id)
    {
        using var response = await fixture.Operator.GetAsync($"/v1/agents/{Wire.Encode(id)}");
        return await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
    }

    private async Task<List<JsonElement>> TokensAsync(string id)
    {
        using var response = await fixture.Operator.GetAsync($"/v1/agents/{Wire.Encode(id)}/tokens");
        return [.. (await Wire.AssertJsonAsync(response, HttpStatusCode.OK)).GetProperty("tokens").EnumerateArray()];
    }

    private async Task<(string Id, string Token)> AgentWithTokenAsync()
    {
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var (id, svids) = await OAuthWire.AgentAsync(fixture, policy, "holder", audience: await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous));
        return (id, await OAuthWire.IssueAsync(fixture.Anonymous, svids[0]));
    }

    [Fact]
    public async Task Tokens_AfterClientCredentials_ListsTheTokenWithoutTheTokenItself()
    {
        var (id, token) = await AgentWithTokenAsync();
        var claims = Wire.JwtPayload(token);

        var listed = Assert.Single(await TokensAsync(id));

        Assert.Equal(claims.GetProperty("jti").GetString(), listed.GetProperty("jti").GetString());
        Assert.Equal(id, listed.GetProperty("sub").GetString());
        Assert.Equal("client_credentials", listed.GetProperty("grant_type").GetString());
        Assert.Equal([OAuthWire.Resource], listed.GetProperty("aud").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("read:reports", listed.GetProperty("scope").GetString());
        Assert.Equal("active", listed.GetProperty("state").GetString());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(claims.GetProperty("exp").GetInt64()), listed.GetProperty("expires_at").GetDateTimeOffset());
        Assert.DoesNotContain(token, listed.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_AgentWithALiveToken_LiveTokensAndThePolicysScopeCeiling()
    {
        var (id, _) = await AgentWithTokenAsync();

        var agent = await ShowAsync(id);

        Assert.Equal(1, agent.GetProperty("live_tokens").GetInt32());
        Assert.Equal("read:reports write:reports", agent.GetProperty("scope_ceiling").GetString());
    }

    [Fact]
    public async Task Tokens_AfterRevocation_NoLongerListedOrCounted()
    {
        var (id, token) = await AgentWithTokenAsync();
        using (var revoke = await fixture.Anonymous.SendAsync(OAuthWire.OperatorForm("/oauth2/revoke", fixture.OperatorToken, ("token", token))))
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        Assert.Empty(await TokensAsync(id));
        Assert.Equal(0, (await ShowAsync(id)).GetProperty("live_tokens").GetInt32());
    }

    [Fact]
    public async Task Tokens_AfterExchange_TheActorHoldsTheDelegatedToken()
    {
        var policy = await DelegationWire.PutPolicyAsync(fixture.Operator);
        var (a, b) = (Wire.NewAgentId("subject"), Wire.NewAgentId("actor"));
        var subjectToken = await OAuthWire.IssueAsync(fixture.Anonymous, await DelegationWire.AgentAsync(fixture, policy, a), "read:reports", b);
        using (var exchange = await fixture.Anonymous.PostAsync("/oauth2/token", DelegationWire.Exchange(await DelegationWire.AgentAsync(fixture, policy, b), subjectToken)))
            await Wire.AssertJsonAsync(exchange, HttpStatusCode.OK);

        var held = Assert.Single(await TokensAsync(b));

        Assert.Equal(a, held.GetProperty("sub").GetString());
        Assert.Equal(DelegationWire.TokenExchange, held.GetProperty("grant_type").GetString());
    }

    [Fact]
    public async Task Show_PolicyAllowingAnyScope_ScopeCeilingIsStar()
    {
        var name = $"any-scope-{Guid.NewGuid():N}"[..24];
        var document = new JsonObject
        {
            ["rules"] = new JsonArray(new JsonObject
            {
                ["match"] = "spiffe://aims.local/**",
                ["oauth"] = new JsonObject { ["scopes"] = new JsonArray("*"), ["resources"] = new JsonArray("*") },
            }),
        };
        using (var put = await fixture.Operator.PutAsync($"/v1/policies/{name}", Wire.Json(document)))
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        var id = Wire.NewAgentId("any-scope");

        var registered = await Wire.RegisterAsync(fixture.Operator, id, name);

        Assert.Equal("*", registered.GetProperty("scope_ceiling").GetString());
        Assert.Equal("*", (await ShowAsync(id)).GetProperty("scope_ceiling").GetString());
        Assert.Equal(0, (await ShowAsync(id)).GetProperty("live_tokens").GetInt32());
    }

    [Fact]
    public async Task Show_BuiltInDefaultPolicy_EmptyScopeCeiling()
    {
        var id = Wire.NewAgentId("default-ceiling");
        await Wire.RegisterAsync(fixture.Operator, id);

        Assert.Equal(string.Empty, (await ShowAsync(id)).GetProperty("scope_ceiling").GetString());
    }

    [Fact]
    public async Task Tokens_WithoutOperatorToken_Returns401()
    {
        var (id, token) = await AgentWithTokenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/agents/{Wire.Encode(id)}/tokens");
        request.Headers.Authorization = Wire.Bearer(token);

        using var response = await fixture.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Tokens_UnknownAgent_Returns404Problem()
    {
        using var response = await fixture.Operator.GetAsync($"/v1/agents/{Wire.Encode(Wire.NewAgentId("unknown"))}/tokens");

        await Wire.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }
}
