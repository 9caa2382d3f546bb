using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Aims.Api.Tests.OAuth;
using Aims.Api.Tests.Testing;
using Aims.Core.Signals;

namespace Aims.Api.Tests.Signals;

/// <summary>
/// Identity chaining's other half of "revoke everything, everywhere": a partner trust domain's fabric tells this one,
/// by SET, that one of its agents was compromised, and what this fabric issued to that agent (jwt-bearer tokens) and any
/// authorization grant for it issued before then are refused. The partner's signals touch its own agents only.
/// </summary>
[Collection(AimsApiCollection.Name)]
public sealed class PartnerSignalsTests(AimsApiFixture fixture)
{
    private const string JwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    [Fact]
    public async Task A_partner_compromise_revokes_the_chained_token_and_earlier_grants()
    {
        var subject = PartnerAuthority.Agent("chained");
        var token = await ChainedTokenAsync(subject);
        var earlierGrant = await AssertionAsync(subject, issuedAt: DateTimeOffset.UtcNow.AddSeconds(-30));
        Assert.True(await ActiveAsync(token));

        await PushAsync(OutsideTransmitter.SignEs256(
            OutsideTransmitter.Claims(SecurityEventTypes.CredentialCompromise, subject, issuer: OutsideTransmitter.PartnerIssuer),
            PartnerAuthority.EcKid, PartnerAuthority.EcKey));

        Assert.False(await ActiveAsync(token));
        using var refused = await fixture.Anonymous.PostAsync("/oauth2/token", Grant(earlierGrant));
        var description = await OAuthWire.AssertErrorAsync(refused, "invalid_grant");
        Assert.Contains("revoked by its own trust domain", description, StringComparison.Ordinal);

        using var audit = await fixture.Operator.GetAsync($"/v1/audit?agent={Uri.EscapeDataString(subject)}");
        var records = (await Wire.AssertJsonAsync(audit, HttpStatusCode.OK)).GetProperty("records").EnumerateArray().ToList();
        Assert.Contains(records, r => r.GetProperty("action").GetString() == "partner.agent.signal");
    }

    [Fact]
    public async Task The_partner_transmitter_cannot_touch_an_agent_of_this_trust_domain()
    {
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var (agent, _) = await OAuthWire.AgentAsync(fixture, policy, audience: await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous));

        await PushAsync(OutsideTransmitter.SignEs256(
            OutsideTransmitter.Claims(SecurityEventTypes.CredentialCompromise, agent, issuer: OutsideTransmitter.PartnerIssuer),
            PartnerAuthority.EcKid, PartnerAuthority.EcKey));

        using var response = await fixture.Operator.GetAsync($"/v1/agents/{Wire.Encode(agent)}");
        Assert.Equal("active", (await Wire.AssertJsonAsync(response, HttpStatusCode.OK)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task An_edr_watching_this_domain_cannot_revoke_a_partner_agent()
    {
        var subject = PartnerAuthority.Agent("unwatched");
        var token = await ChainedTokenAsync(subject);

        await PushAsync(OutsideTransmitter.SignEs256(OutsideTransmitter.Claims(SecurityEventTypes.CredentialCompromise, subject)));

        Assert.True(await ActiveAsync(token));
    }

    private async Task<string> ChainedTokenAsync(string subject)
    {
        var document = new JsonObject
        {
            ["description"] = "What partner.example's authorization server may get for the agents it asserts",
            ["rules"] = new JsonArray(
                new JsonObject { ["match"] = "spiffe://partner.example/agents/blocked" },
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

        using var response = await fixture.Anonymous.PostAsync("/oauth2/token", Grant(await AssertionAsync(subject)));
        return (await Wire.AssertJsonAsync(response, HttpStatusCode.OK)).GetProperty("access_token").GetString()!;
    }

    private async Task<string> AssertionAsync(string subject, DateTimeOffset? issuedAt = null)
    {
        var claims = PartnerAuthority.Claims(subject, await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous));
        if (issuedAt is { } iat)
            claims["iat"] = iat.ToUnixTimeSeconds();
        return PartnerAuthority.Sign(claims);
    }

    private static FormUrlEncodedContent Grant(string assertion) =>
        OAuthWire.Form([("grant_type", JwtBearer), ("assertion", assertion), ("scope", "read:reports"), ("resource", OAuthWire.Resource)]);

    private async Task PushAsync(string set)
    {
        using var content = new StringContent(set);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/secevent+jwt");
        using var response = await fixture.Anonymous.PostAsync("/ssf/receive", content);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    private async Task<bool> ActiveAsync(string token)
    {
        using var response = await fixture.Anonymous.SendAsync(OAuthWire.OperatorForm("/oauth2/introspect", fixture.OperatorToken, ("token", token)));
        return (await Wire.AssertJsonAsync(response, HttpStatusCode.OK)).GetProperty("active").GetBoolean();
    }
}
