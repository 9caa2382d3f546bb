using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Api.Tests.Testing;

namespace Aims.Api.Tests.OAuth;

/// <summary>
/// Transaction tokens as workloads send them (draft-ietf-oauth-transaction-tokens §6): a policy that lets every agent
/// of the trust domain obtain them for tokens of the test resource and delegate, an analyst agent holding an access
/// token for that resource, and the gateway and ledger workloads that start and replace transactions.
/// </summary>
internal static class TxnWire
{
    public const string TxnTokenType = "urn:ietf:params:oauth:token-type:txn_token";
    public const string LedgerResource = "https://ledger.example.com/api";

    public sealed record Parties(string Policy, string Analyst, string AnalystSvid, string Gateway, string GatewaySvid, string Ledger, string LedgerSvid);

    /// <summary>
    /// A policy: scopes read/write:reports; resources the test API, the ledger and agents; delegation depth 2; and, unless
    /// <paramref name="transactions"/> is false, <c>oauth.transactions</c> for tokens addressed to the test API.
    /// </summary>
    public static async Task<Parties> PartiesAsync(AimsApiFixture fixture, bool transactions = true)
    {
        var oauth = new JsonObject
        {
            ["scopes"] = new JsonArray("read:reports", "write:reports"),
            ["resources"] = new JsonArray(OAuthWire.Resource, LedgerResource, "spiffe://aims.local/*"),
            ["delegation"] = new JsonObject { ["allowed"] = true, ["max_depth"] = 2 },
        };
        if (transactions)
            oauth["transactions"] = new JsonObject { ["ttl_seconds"] = 300, ["subject_audiences"] = new JsonArray(OAuthWire.Resource) };
        var name = $"txn-{Guid.NewGuid():N}"[..20];
        var document = new JsonObject
        {
            ["rules"] = new JsonArray(new JsonObject { ["match"] = "spiffe://aims.local/**", ["audiences"] = new JsonArray("*"), ["oauth"] = oauth }),
        };
        using (var put = await fixture.Operator.PutAsync($"/v1/policies/{name}", Wire.Json(document)))
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());

        var audience = await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous);
        var (analyst, analystSvids) = await OAuthWire.AgentAsync(fixture, name, "analyst", audience: audience);
        var (gateway, gatewaySvids) = await OAuthWire.AgentAsync(fixture, name, "gateway", audience: audience);
        var (ledger, ledgerSvids) = await OAuthWire.AgentAsync(fixture, name, "ledger", audience: audience);
        return new Parties(name, analyst, analystSvids[0], gateway, gatewaySvids[0], ledger, ledgerSvids[0]);
    }

    /// <summary>The draft §6.1 request: audience = the trust domain, requested_token_type txn_token.</summary>
    public static FormUrlEncodedContent Request(string clientAssertion, string subjectToken, string subjectTokenType, string? scope, params (string, string?)[] extra) =>
        OAuthWire.Form([
            ("grant_type", DelegationWire.TokenExchange),
            ("client_assertion_type", OAuthWire.JwtBearerAssertionType),
            ("client_assertion", clientAssertion),
            ("subject_token", subjectToken),
            ("subject_token_type", subjectTokenType),
            ("requested_token_type", TxnTokenType),
            ("audience", AimsApiFixture.TrustDomain),
            ("scope", scope),
            .. extra,
        ]);

    /// <summary>Starts a transaction for <paramref name="accessToken"/> as <paramref name="requesterSvid"/>; returns the Txn-Token.</summary>
    public static async Task<string> StartAsync(AimsApiFixture fixture, string requesterSvid, string accessToken, string scope = "read:reports", params (string, string?)[] extra)
    {
        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", Request(requesterSvid, accessToken, DelegationWire.AccessTokenType, scope, extra));
        var body = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        return body.GetProperty("access_token").GetString()!;
    }

    public static async Task<JsonElement> IntrospectAsync(AimsApiFixture fixture, string token)
    {
        using var response = await fixture.Anonymous.SendAsync(OAuthWire.OperatorForm("/oauth2/introspect", fixture.OperatorToken, ("token", token)));
        return await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
    }

    public static async Task<JsonElement[]> TransactionsAsync(AimsApiFixture fixture, string agent)
    {
        using var response = await fixture.Operator.GetAsync($"/v1/agents/{Wire.Encode(agent)}/transactions");
        var body = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        return [.. body.GetProperty("transactions").EnumerateArray()];
    }

    public static JsonElement Object(JsonElement claims, string name) => JsonDocument.Parse(claims.GetProperty(name).GetRawText()).RootElement;
}
