using System.Text.Json.Nodes;
using Aims.Api.Tests.Testing;

namespace Aims.Api.Tests.OAuth;

/// <summary>Token exchange as a client sends it: agents under a delegating policy, subject tokens addressed to the actor.</summary>
internal static class DelegationWire
{
    public const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";
    public const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";

    /// <summary>
    /// A policy whose rules give every agent of the trust domain two scopes and resources that include agents, with
    /// delegation up to depth 2; <paramref name="delegation"/> adds members to that, and <paramref name="subjectRules"/>
    /// go first (e.g. one agent's own may_act).
    /// </summary>
    public static async Task<string> PutPolicyAsync(HttpClient operatorClient, JsonObject? delegation = null, params JsonObject[] subjectRules)
    {
        var name = $"delegation-{Guid.NewGuid():N}"[..24];
        var rules = new JsonArray([.. subjectRules, Rule("spiffe://aims.local/**", delegation)]);
        using var put = await operatorClient.PutAsync($"/v1/policies/{name}", Wire.Json(new JsonObject { ["rules"] = rules }));
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        return name;
    }

    /// <summary>A rule for <paramref name="match"/>: scopes read/write:reports, the test resource and agents, delegation depth 2 plus <paramref name="delegation"/>.</summary>
    public static JsonObject Rule(string match, JsonObject? delegation = null)
    {
        var rule = new JsonObject { ["allowed"] = true, ["max_depth"] = 2 };
        foreach (var (name, value) in delegation ?? new JsonObject())
            rule[name] = value?.DeepClone();
        return new JsonObject
        {
            ["match"] = match,
            ["audiences"] = new JsonArray("*"),
            ["oauth"] = new JsonObject
            {
                ["scopes"] = new JsonArray("read:reports", "write:reports"),
                ["resources"] = new JsonArray(OAuthWire.Resource, "spiffe://aims.local/*"),
                ["delegation"] = rule,
            },
        };
    }

    /// <summary>Registers <paramref name="id"/> under <paramref name="policy"/>; returns a JWT-SVID it can authenticate to the token endpoint with.</summary>
    public static async Task<string> AgentAsync(AimsApiFixture fixture, string policy, string id)
    {
        await Wire.RegisterAsync(fixture.Operator, id, policy);
        return await OAuthWire.SvidForTokenEndpointAsync(fixture, id);
    }

    public static FormUrlEncodedContent Exchange(string actorAssertion, string subjectToken, params (string, string?)[] extra) =>
        OAuthWire.Form([
            ("grant_type", TokenExchange),
            ("client_assertion_type", OAuthWire.JwtBearerAssertionType),
            ("client_assertion", actorAssertion),
            ("subject_token", subjectToken),
            ("subject_token_type", AccessTokenType),
            ("resource", OAuthWire.Resource),
            .. extra,
        ]);
}
