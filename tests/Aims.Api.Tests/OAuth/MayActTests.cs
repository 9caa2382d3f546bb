using System.Net;
using System.Text.Json.Nodes;
using Aims.Api.Tests.Testing;

namespace Aims.Api.Tests.OAuth;

/// <summary>
/// RFC 8693 §4.4 <c>may_act</c>: a subject's policy names who may act for it. With one name its client_credentials
/// tokens carry <c>may_act</c>; with several they carry none and the exchange checks the policy's list.
/// </summary>
[Collection(AimsApiCollection.Name)]
public sealed class MayActTests(AimsApiFixture fixture)
{
    /// <summary>Subject A whose policy rule names <paramref name="permitted"/> in may_act; every agent may delegate.</summary>
    private async Task<(string A, string Policy)> SubjectAsync(params string[] permitted)
    {
        var a = Wire.NewAgentId("may-act-subject");
        var policy = await DelegationWire.PutPolicyAsync(fixture.Operator, null, DelegationWire.Rule(a, new JsonObject
        {
            ["may_act"] = new JsonArray([.. permitted.Select(p => (JsonNode)p)]),
        }));
        return (a, policy);
    }

    private async Task<string> SubjectTokenAsync(string a, string policy, string audience) =>
        await OAuthWire.IssueAsync(fixture.Anonymous, await DelegationWire.AgentAsync(fixture, policy, a), "read:reports", audience);

    private async Task<HttpResponseMessage> ExchangeAsync(string policy, string actor, string subjectToken) =>
        await fixture.Anonymous.PostAsync("/oauth2/token", DelegationWire.Exchange(await DelegationWire.AgentAsync(fixture, policy, actor), subjectToken));

    [Fact]
    public async Task ClientCredentials_OnePermittedActor_TokenCarriesMayActAndIntrospectionShowsIt()
    {
        var b = Wire.NewAgentId("may-act-b");
        var (a, policy) = await SubjectAsync(b);

        var token = await SubjectTokenAsync(a, policy, b);

        Assert.Equal(b, Wire.JwtPayload(token).GetProperty("may_act").GetProperty("sub").GetString());
        using var introspect = await fixture.Anonymous.SendAsync(OAuthWire.OperatorForm("/oauth2/introspect", fixture.OperatorToken, ("token", token)));
        var result = await Wire.AssertJsonAsync(introspect, HttpStatusCode.OK);
        Assert.True(result.GetProperty("active").GetBoolean());
        Assert.Equal(b, result.GetProperty("may_act").GetProperty("sub").GetString());
    }

    [Fact]
    public async Task Exchange_ByTheActorMayActNames_Delegated()
    {
        var b = Wire.NewAgentId("may-act-b");
        var (a, policy) = await SubjectAsync(b);
        var subjectToken = await SubjectTokenAsync(a, policy, b);

        using var response = await ExchangeAsync(policy, b, subjectToken);

        var claims = Wire.JwtPayload((await Wire.AssertJsonAsync(response, HttpStatusCode.OK)).GetProperty("access_token").GetString()!);
        Assert.Equal(a, claims.GetProperty("sub").GetString());
        Assert.Equal(b, claims.GetProperty("act").GetProperty("sub").GetString());
    }

    [Fact]
    public async Task Exchange_ByAnotherActor_InvalidGrantSayingWhoMayAct()
    {
        var (b, c) = (Wire.NewAgentId("may-act-b"), Wire.NewAgentId("may-act-c"));
        var (a, policy) = await SubjectAsync(b);
        var subjectToken = await SubjectTokenAsync(a, policy, c);

        using var response = await ExchangeAsync(policy, c, subjectToken);

        var description = await OAuthWire.AssertErrorAsync(response, "invalid_grant");
        Assert.Contains($"only {b} may act for {a}", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientCredentials_SeveralPermittedActors_NoMayActClaim()
    {
        var (a, policy) = await SubjectAsync(Wire.NewAgentId("may-act-b"), Wire.NewAgentId("may-act-c"));

        var token = await SubjectTokenAsync(a, policy, OAuthWire.Resource);

        Assert.False(Wire.JwtPayload(token).TryGetProperty("may_act", out _));
    }

    [Fact]
    public async Task Exchange_SeveralPermittedActors_ListedActorMayOthersMayNot()
    {
        var (b, c, d) = (Wire.NewAgentId("may-act-b"), Wire.NewAgentId("may-act-c"), Wire.NewAgentId("may-act-d"));
        var (a, policy) = await SubjectAsync(b, c);
        var aSvid = await DelegationWire.AgentAsync(fixture, policy, a);

        using (var listed = await ExchangeAsync(policy, c, await OAuthWire.IssueAsync(fixture.Anonymous, aSvid, "read:reports", c)))
            await Wire.AssertJsonAsync(listed, HttpStatusCode.OK);
        var aSvid2 = await OAuthWire.SvidForTokenEndpointAsync(fixture, a);
        using var unlisted = await ExchangeAsync(policy, d, await OAuthWire.IssueAsync(fixture.Anonymous, aSvid2, "read:reports", d));

        var description = await OAuthWire.AssertErrorAsync(unlisted, "invalid_grant");
        Assert.Contains($"lets only {b}, {c} act for it", description, StringComparison.Ordinal);
    }
}
