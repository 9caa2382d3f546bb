using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Api.Tests.OAuth;
using Aims.Api.Tests.Testing;
using Aims.Core.Signals;

namespace Aims.Api.Tests.Signals;

/// <summary>Compromise, scope reduction, suspension and termination through the operator API, as a relying party sees them.</summary>
[Collection(AimsApiCollection.Name)]
public sealed class CompromiseTests(AimsApiFixture fixture)
{
    [Fact]
    public async Task Compromise_revokes_live_tokens_refuses_new_ones_and_tells_receivers()
    {
        var (receiver, _) = await SsfWire.ReceiverAsync(fixture);
        var ssfToken = await SsfWire.TokenAsync(fixture, receiver, "ssf.manage");
        var stream = await SsfWire.SendAsync(fixture, HttpMethod.Post, "/ssf/streams", ssfToken,
            new JsonObject { ["events_requested"] = new JsonArray(SecurityEventTypes.CredentialCompromise, SecurityEventTypes.SessionRevoked, SecurityEventTypes.CredentialChange) },
            HttpStatusCode.Created);
        var pollPath = new Uri(stream.GetProperty("delivery").GetProperty("endpoint_url").GetString()!).PathAndQuery;

        var (agent, token) = await IssuedAsync();
        Assert.True((await IntrospectAsync(token)).GetProperty("active").GetBoolean());

        var view = await PostAsync($"/v1/agents/{Wire.Encode(agent)}/compromise", new JsonObject { ["reason"] = "EDR saw key exfiltration" }, HttpStatusCode.OK);
        Assert.Equal("compromised", view.GetProperty("state").GetString());

        Assert.False((await IntrospectAsync(token)).GetProperty("active").GetBoolean());
        var assertion = await NewAssertionFailsOrNullAsync(agent);
        Assert.Null(assertion);

        var polled = await SsfWire.SendAsync(fixture, HttpMethod.Post, pollPath, ssfToken, new JsonObject { ["returnImmediately"] = true }, HttpStatusCode.OK);
        var events = new List<ReceivedSecurityEvent>();
        foreach (var set in polled.GetProperty("sets").EnumerateObject())
            events.Add(await SsfWire.VerifyAsync(fixture, set.Value.GetString()!, receiver));
        var compromise = Assert.Single(events, e => e.Type == SecurityEventTypes.CredentialCompromise && e.Subject.Equals(SubjectIdentifier.ForUri(agent)));
        Assert.Contains("EDR saw key exfiltration", compromise.PayloadJson, StringComparison.Ordinal);
        // The agent held only JWT-SVIDs: no X.509 credential to revoke, so no credential-change.
        Assert.DoesNotContain(events, e => e.Type == SecurityEventTypes.CredentialChange && e.Subject.Equals(SubjectIdentifier.ForUri(agent)));

        using var audit = await fixture.Operator.GetAsync($"/v1/audit?agent={Uri.EscapeDataString(agent)}");
        var records = (await Wire.AssertJsonAsync(audit, HttpStatusCode.OK)).GetProperty("records").EnumerateArray().Select(r => r.GetProperty("action").GetString()).ToList();
        Assert.Contains("agent.compromise", records);
        Assert.Contains("agent.compromise.signals", records);
    }

    [Fact]
    public async Task Compromise_needs_a_reason_and_happens_once()
    {
        var (agent, _) = await IssuedAsync();

        await PostAsync($"/v1/agents/{Wire.Encode(agent)}/compromise", new JsonObject(), HttpStatusCode.BadRequest);
        await PostAsync($"/v1/agents/{Wire.Encode(agent)}/compromise", new JsonObject { ["reason"] = "first" }, HttpStatusCode.OK);
        await PostAsync($"/v1/agents/{Wire.Encode(agent)}/compromise", new JsonObject { ["reason"] = "again" }, HttpStatusCode.Conflict);
        await PostAsync($"/v1/agents/{Wire.Encode(agent)}/resume", new JsonObject(), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Compromise_needs_the_operator()
    {
        var (agent, _) = await IssuedAsync();

        using var response = await fixture.Anonymous.PostAsync($"/v1/agents/{Wire.Encode(agent)}/compromise", Wire.Json("""{"reason":"x"}"""));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Reduce_scope_narrows_live_tokens_and_caps_new_ones_until_restored()
    {
        var (agent, token) = await IssuedAsync("read:reports write:reports");
        Assert.Equal("read:reports write:reports", (await IntrospectAsync(token)).GetProperty("scope").GetString());

        var view = await PostAsync($"/v1/agents/{Wire.Encode(agent)}/reduce-scope", new JsonObject { ["scope"] = "read:reports", ["reason"] = "anomalous writes" }, HttpStatusCode.OK);
        Assert.Equal("scope_reduced", view.GetProperty("state").GetString());
        Assert.Equal("read:reports", view.GetProperty("scope_ceiling").GetString());

        var introspected = await IntrospectAsync(token);
        Assert.True(introspected.GetProperty("active").GetBoolean());
        Assert.Equal("read:reports", introspected.GetProperty("scope").GetString());

        var svid = await OAuthWire.SvidForTokenEndpointAsync(fixture, agent);
        using (var write = await fixture.Anonymous.PostAsync("/oauth2/token", OAuthWire.TokenRequest(svid, "write:reports")))
            await OAuthWire.AssertErrorAsync(write, "invalid_scope");
        svid = await OAuthWire.SvidForTokenEndpointAsync(fixture, agent);
        var both = await OAuthWire.IssueAsync(fixture.Anonymous, svid, "read:reports write:reports");
        Assert.Equal("read:reports", Wire.JwtPayload(both).GetProperty("scope").GetString());

        await PostAsync($"/v1/agents/{Wire.Encode(agent)}/restore-scope", new JsonObject { ["reason"] = "cleared" }, HttpStatusCode.OK);
        svid = await OAuthWire.SvidForTokenEndpointAsync(fixture, agent);
        var restored = await OAuthWire.IssueAsync(fixture.Anonymous, svid, "write:reports");
        Assert.Equal("write:reports", Wire.JwtPayload(restored).GetProperty("scope").GetString());
    }

    [Fact]
    public async Task Restore_scope_tells_receivers_the_scope_the_agents_tokens_may_carry_again()
    {
        var (receiver, _) = await SsfWire.ReceiverAsync(fixture);
        var ssfToken = await SsfWire.TokenAsync(fixture, receiver, "ssf.manage");
        var stream = await SsfWire.SendAsync(fixture, HttpMethod.Post, "/ssf/streams", ssfToken,
            new JsonObject { ["events_requested"] = new JsonArray(SecurityEventTypes.TokenClaimsChange) }, HttpStatusCode.Created);
        var pollPath = new Uri(stream.GetProperty("delivery").GetProperty("endpoint_url").GetString()!).PathAndQuery;
        var (agent, _) = await IssuedAsync("read:reports write:reports");

        await PostAsync($"/v1/agents/{Wire.Encode(agent)}/reduce-scope", new JsonObject { ["scope"] = "read:reports", ["reason"] = "anomalous writes" }, HttpStatusCode.OK);
        await PostAsync($"/v1/agents/{Wire.Encode(agent)}/restore-scope", new JsonObject { ["reason"] = "cleared" }, HttpStatusCode.OK);

        var polled = await SsfWire.SendAsync(fixture, HttpMethod.Post, pollPath, ssfToken, new JsonObject { ["returnImmediately"] = true }, HttpStatusCode.OK);
        var scopes = new List<string>();
        foreach (var set in polled.GetProperty("sets").EnumerateObject())
        {
            var received = await SsfWire.VerifyAsync(fixture, set.Value.GetString()!, receiver);
            if (!received.Subject.Equals(SubjectIdentifier.ForUri(agent)))
                continue;
            using var payload = JsonDocument.Parse(received.PayloadJson);
            scopes.Add(payload.RootElement.GetProperty("claims").GetProperty("scope").GetString()!);
        }

        // The reduction's ceiling, then the policy's again: a receiver that narrowed the agent's tokens widens them back.
        Assert.Equal(["read:reports", "read:reports write:reports"], scopes.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("""{"reason":"x"}""")]
    [InlineData("""{"scope":"read:reports"}""")]
    [InlineData("""{"scope":"bad\"scope","reason":"x"}""")]
    public async Task Reduce_scope_refuses_incomplete_requests(string body)
    {
        var (agent, _) = await IssuedAsync();

        using var response = await fixture.Operator.PostAsync($"/v1/agents/{Wire.Encode(agent)}/reduce-scope", Wire.Json(body));

        await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Suspension_revokes_what_was_issued_and_resume_does_not_bring_it_back()
    {
        var (agent, token) = await IssuedAsync();

        await PostAsync($"/v1/agents/{Wire.Encode(agent)}/suspend", new JsonObject { ["reason"] = "investigating" }, HttpStatusCode.OK);
        Assert.False((await IntrospectAsync(token)).GetProperty("active").GetBoolean());

        await PostAsync($"/v1/agents/{Wire.Encode(agent)}/resume", new JsonObject(), HttpStatusCode.OK);
        Assert.False((await IntrospectAsync(token)).GetProperty("active").GetBoolean());

        await Task.Delay(1100); // iat has whole seconds: a token of the revocation's second is refused (fail closed).
        var svid = await OAuthWire.SvidForTokenEndpointAsync(fixture, agent);
        var fresh = await OAuthWire.IssueAsync(fixture.Anonymous, svid);
        Assert.True((await IntrospectAsync(fresh)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Termination_revokes_everything_for_good()
    {
        var (agent, token) = await IssuedAsync();

        var view = await PostAsync($"/v1/agents/{Wire.Encode(agent)}/terminate", new JsonObject { ["reason"] = "retired" }, HttpStatusCode.OK);

        Assert.Equal("terminated", view.GetProperty("state").GetString());
        Assert.False((await IntrospectAsync(token)).GetProperty("active").GetBoolean());
    }

    private async Task<(string Agent, string Token)> IssuedAsync(string scope = "read:reports")
    {
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var (id, svids) = await OAuthWire.AgentAsync(fixture, policy, audience: await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous));
        return (id, await OAuthWire.IssueAsync(fixture.Anonymous, svids[0], scope));
    }

    /// <summary>A compromised agent can no longer even attest for a new SVID; null when that is refused.</summary>
    private async Task<string?> NewAssertionFailsOrNullAsync(string agent)
    {
        var token = await Wire.JoinTokenAsync(fixture.Operator, agent);
        using var attest = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody(token, agent, audience: await OAuthWire.TokenEndpointAudienceAsync(fixture.Anonymous)));
        return attest.IsSuccessStatusCode ? await attest.Content.ReadAsStringAsync() : null;
    }

    private async Task<JsonElement> PostAsync(string path, JsonObject body, HttpStatusCode expected)
    {
        using var response = await fixture.Operator.PostAsync(path, Wire.Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"POST {path}: expected {(int)expected}, got {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<JsonElement> IntrospectAsync(string token)
    {
        using var response = await fixture.Anonymous.SendAsync(OAuthWire.OperatorForm("/oauth2/introspect", fixture.OperatorToken, ("token", token)));
        return await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
    }
}
