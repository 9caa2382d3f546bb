using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Api.Tests.OAuth;
using Aims.Api.Tests.Testing;
using Aims.Core.Signals;

namespace Aims.Api.Tests.Signals;

/// <summary>
/// <c>POST /ssf/receive</c>: SETs from the configured outside transmitter remediate the agent they name; a SET with a
/// bad signature, wrong audience, unknown issuer or a replayed jti is refused with RFC 8935's error body and changes
/// nothing.
/// </summary>
[Collection(AimsApiCollection.Name)]
public sealed class SsfReceiverTests(AimsApiFixture fixture)
{
    [Fact]
    public async Task A_credential_compromise_set_compromises_the_agent_and_is_audited_with_its_cause()
    {
        var (agent, token) = await IssuedAsync();
        var claims = OutsideTransmitter.Claims(SecurityEventTypes.CredentialCompromise, agent, new JsonObject { ["credential_type"] = "x509" });

        await PushAsync(OutsideTransmitter.SignEs256(claims), HttpStatusCode.Accepted);

        Assert.Equal("compromised", await StateAsync(agent));
        Assert.False(await ActiveAsync(token));
        using var audit = await fixture.Operator.GetAsync($"/v1/audit?agent={Uri.EscapeDataString(agent)}");
        var records = (await Wire.AssertJsonAsync(audit, HttpStatusCode.OK)).GetProperty("records").EnumerateArray().ToList();
        var compromise = Assert.Single(records, r => r.GetProperty("action").GetString() == "agent.compromise");
        Assert.Contains(claims["jti"]!.GetValue<string>(), compromise.GetProperty("cause").GetString(), StringComparison.Ordinal);
        Assert.Equal("ssf:" + OutsideTransmitter.Issuer, compromise.GetProperty("actor").GetString());
        Assert.Contains(records, r => r.GetProperty("action").GetString() == "ssf.receive");
    }

    [Fact]
    public async Task An_rs256_risk_level_change_to_medium_reduces_scope()
    {
        var (agent, _) = await IssuedAsync();

        await PushAsync(OutsideTransmitter.SignRs256(OutsideTransmitter.Claims(SecurityEventTypes.RiskLevelChange, agent,
            new JsonObject { ["principal"] = "USER", ["current_level"] = "MEDIUM" })), HttpStatusCode.Accepted);

        using var response = await fixture.Operator.GetAsync($"/v1/agents/{Wire.Encode(agent)}");
        var view = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("scope_reduced", view.GetProperty("state").GetString());
        Assert.Equal(OutsideTransmitter.ReducedScope, view.GetProperty("scope_ceiling").GetString());
    }

    [Fact]
    public async Task Account_disabled_suspends()
    {
        var (agent, _) = await IssuedAsync();

        await PushAsync(OutsideTransmitter.SignEs256(OutsideTransmitter.Claims(SecurityEventTypes.AccountDisabled, agent)), HttpStatusCode.Accepted);

        Assert.Equal("suspended", await StateAsync(agent));
    }

    [Fact]
    public async Task An_event_about_no_agent_of_ours_is_accepted_and_changes_nothing()
    {
        await PushAsync(OutsideTransmitter.SignEs256(OutsideTransmitter.Claims(SecurityEventTypes.CredentialCompromise, "spiffe://elsewhere.example/agents/x")), HttpStatusCode.Accepted);
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "bad-signature", "authentication_failed" },
        { "unknown-kid", "invalid_key" },
        { "wrong-audience", "invalid_audience" },
        { "unknown-issuer", "invalid_issuer" },
        { "not-typed", "invalid_request" },
        { "two-events", "invalid_request" },
        { "hs256", "invalid_key" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_bad_set_is_refused_with_the_rfc_8935_error_and_changes_nothing(string kind, string err)
    {
        var (agent, token) = await IssuedAsync();
        var claims = OutsideTransmitter.Claims(SecurityEventTypes.CredentialCompromise, agent);
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var set = kind switch
        {
            "bad-signature" => OutsideTransmitter.SignEs256(claims, ecKey: stranger),
            "unknown-kid" => OutsideTransmitter.SignEs256(claims, kid: "not-a-key"),
            "wrong-audience" => OutsideTransmitter.SignEs256(OutsideTransmitter.Claims(SecurityEventTypes.CredentialCompromise, agent, audience: "https://other.example")),
            "unknown-issuer" => OutsideTransmitter.SignEs256(OutsideTransmitter.Claims(SecurityEventTypes.CredentialCompromise, agent, issuer: "https://evil.example")),
            "not-typed" => OutsideTransmitter.SignEs256(claims, typ: "JWT"),
            "two-events" => OutsideTransmitter.SignEs256(WithTwoEvents(claims)),
            _ => OutsideTransmitter.SignHs256(claims),
        };

        var body = await PushAsync(set, HttpStatusCode.BadRequest);

        Assert.Equal(err, body.GetProperty("err").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("description").GetString()));
        Assert.Equal("active", await StateAsync(agent));
        Assert.True(await ActiveAsync(token));
    }

    [Fact]
    public async Task A_replayed_set_is_refused_the_second_time()
    {
        var (agent, _) = await IssuedAsync();
        var set = OutsideTransmitter.SignEs256(OutsideTransmitter.Claims(SecurityEventTypes.AccountEnabled, agent));

        await PushAsync(set, HttpStatusCode.Accepted);
        var body = await PushAsync(set, HttpStatusCode.BadRequest);

        Assert.Contains("already received", body.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_is_not_a_secevent_jwt_is_refused()
    {
        using var wrongType = await fixture.Anonymous.PostAsync("/ssf/receive", Wire.Json("{}"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);

        var garbage = await PushAsync("not a jwt", HttpStatusCode.BadRequest);
        Assert.Equal("invalid_request", garbage.GetProperty("err").GetString());

        var oversized = await PushAsync(new string('a', 20_000), HttpStatusCode.BadRequest);
        Assert.Equal("invalid_request", oversized.GetProperty("err").GetString());
    }

    private static JsonObject WithTwoEvents(JsonObject claims)
    {
        claims["events"] = new JsonObject { [SecurityEventTypes.CredentialCompromise] = new JsonObject(), [SecurityEventTypes.AccountDisabled] = new JsonObject() };
        return claims;
    }

    private async Task<JsonElement> PushAsync(string set, HttpStatusCode expected)
    {
        using var content = new StringContent(set);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/secevent+jwt");
        using var response = await fixture.Anonymous.PostAsync("/ssf/receive", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        if (expected == HttpStatusCode.BadRequest)
            Assert.Equal("en", response.Content.Headers.ContentLanguage.Single());
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<(string Agent, string Token)> IssuedAsync()
    {
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var (id, svids) = await OAuthWire.AgentAsync(fixture, policy, audience: await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous));
        return (id, await OAuthWire.IssueAsync(fixture.Anonymous, svids[0], "read:reports write:reports"));
    }

    private async Task<string?> StateAsync(string agent)
    {
        using var response = await fixture.Operator.GetAsync($"/v1/agents/{Wire.Encode(agent)}");
        return (await Wire.AssertJsonAsync(response, HttpStatusCode.OK)).GetProperty("state").GetString();
    }

    private async Task<bool> ActiveAsync(string token)
    {
        using var response = await fixture.Anonymous.SendAsync(OAuthWire.OperatorForm("/oauth2/introspect", fixture.OperatorToken, ("token", token)));
        return (await Wire.AssertJsonAsync(response, HttpStatusCode.OK)).GetProperty("active").GetBoolean();
    }
}
