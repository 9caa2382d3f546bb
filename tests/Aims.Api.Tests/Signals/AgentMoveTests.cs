using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Api.Tests.OAuth;
using Aims.Api.Tests.Testing;
using Aims.Core.Signals;

namespace Aims.Api.Tests.Signals;

/// <summary><c>POST /v1/agents/{id}/move</c>: a new SPIFFE ID for an agent, as operators, relying parties and SSF receivers see it.</summary>
[Collection(AimsApiCollection.Name)]
public sealed class AgentMoveTests(AimsApiFixture fixture)
{
    [Fact]
    public async Task Move_registers_the_new_id_like_the_old_terminates_the_old_and_tells_receivers_identifier_changed()
    {
        var (receiver, _) = await SsfWire.ReceiverAsync(fixture);
        var ssfToken = await SsfWire.TokenAsync(fixture, receiver, "ssf.manage");
        var stream = await SsfWire.SendAsync(fixture, HttpMethod.Post, "/ssf/streams", ssfToken,
            new JsonObject { ["events_requested"] = new JsonArray(SecurityEventTypes.IdentifierChanged, SecurityEventTypes.AccountPurged) },
            HttpStatusCode.Created);
        var pollPath = new Uri(stream.GetProperty("delivery").GetProperty("endpoint_url").GetString()!).PathAndQuery;
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var old = Wire.NewAgentId("team-a");
        var moved = Wire.NewAgentId("team-b");
        await RegisterAsync(old, policy, withSelectors: false);
        var svid = await OAuthWire.SvidForTokenEndpointAsync(fixture, old);
        var token = await OAuthWire.IssueAsync(fixture.Anonymous, svid);
        Assert.True((await IntrospectAsync(token)).GetProperty("active").GetBoolean());
        var correlationId = $"move-{Guid.NewGuid():N}";

        using var response = await MoveAsync(old, new JsonObject { ["spiffe_id"] = moved, ["reason"] = "team-a merged into team-b" }, correlationId);

        var body = await Wire.AssertJsonAsync(response, HttpStatusCode.Created);
        Assert.Equal($"/v1/agents/{Wire.Encode(moved)}", response.Headers.Location?.OriginalString);
        var from = body.GetProperty("from");
        Assert.Equal(old, from.GetProperty("spiffe_id").GetString());
        Assert.Equal("terminated", from.GetProperty("state").GetString());
        Assert.Equal(moved, from.GetProperty("moved_to").GetString());
        var to = body.GetProperty("to");
        Assert.Equal(moved, to.GetProperty("spiffe_id").GetString());
        Assert.Equal(old, to.GetProperty("moved_from").GetString());
        AssertSameRegistration(await ShowAsync(old), await ShowAsync(moved), policy);

        // The old identity's token is dead on introspection; the new identity has nothing until it attests.
        Assert.False((await IntrospectAsync(token)).GetProperty("active").GetBoolean());
        var shown = await ShowAsync(old);
        Assert.Equal("terminated", shown.GetProperty("state").GetString());
        Assert.Equal(moved, shown.GetProperty("moved_to").GetString());

        var polled = await SsfWire.SendAsync(fixture, HttpMethod.Post, pollPath, ssfToken, new JsonObject { ["returnImmediately"] = true }, HttpStatusCode.OK);
        var events = new List<ReceivedSecurityEvent>();
        foreach (var set in polled.GetProperty("sets").EnumerateObject())
            events.Add(await SsfWire.VerifyAsync(fixture, set.Value.GetString()!, receiver));
        var changed = Assert.Single(events, e => e.Type == SecurityEventTypes.IdentifierChanged && e.Subject.Equals(SubjectIdentifier.ForUri(old)));
        using (var payload = JsonDocument.Parse(changed.PayloadJson))
        {
            Assert.Equal(moved, payload.RootElement.GetProperty("new-value").GetString());
            Assert.Equal("admin", payload.RootElement.GetProperty("initiating_entity").GetString());
            Assert.Contains("team-a merged into team-b", payload.RootElement.GetProperty("reason_admin").GetProperty("en").GetString(), StringComparison.Ordinal);
        }

        var purged = Assert.Single(events, e => e.Type == SecurityEventTypes.AccountPurged && e.Subject.Equals(SubjectIdentifier.ForUri(old)));
        Assert.Equal(changed.Txn, purged.Txn);
        Assert.DoesNotContain(events, e => e.Subject.Equals(SubjectIdentifier.ForUri(moved)));

        // Both halves are audited under one correlation id, each naming the other.
        var oldRecords = await AuditAsync(old);
        var move = Assert.Single(oldRecords, r => r.GetProperty("action").GetString() == "agent.move");
        Assert.Equal(correlationId, move.GetProperty("correlation_id").GetString());
        Assert.Equal($"moved to {moved}: team-a merged into team-b", move.GetProperty("cause").GetString());
        Assert.Contains(oldRecords, r => r.GetProperty("action").GetString() == "agent.move.signals" && r.GetProperty("correlation_id").GetString() == correlationId);
        var register = Assert.Single(await AuditAsync(moved), r => r.GetProperty("action").GetString() == "agent.register");
        Assert.Equal(correlationId, register.GetProperty("correlation_id").GetString());
        Assert.Equal($"agent.move from {old}", register.GetProperty("cause").GetString());
    }

    [Fact]
    public async Task Move_carries_the_registered_selectors_to_the_new_id()
    {
        var old = Wire.NewAgentId("with-selectors");
        var moved = Wire.NewAgentId("with-selectors-moved");
        await RegisterAsync(old);

        using (var response = await MoveAsync(old, new JsonObject { ["spiffe_id"] = moved }))
            await Wire.AssertJsonAsync(response, HttpStatusCode.Created);

        Assert.Equal(["k8s:ns:analytics", "k8s:sa:analyst"], (await ShowAsync(moved)).GetProperty("selectors").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Moved_agent_attests_again_under_the_same_policy_and_gets_tokens()
    {
        var policy = await OAuthWire.PutPolicyAsync(fixture.Operator);
        var old = Wire.NewAgentId("attested");
        var moved = Wire.NewAgentId("attested-moved");
        await RegisterAsync(old, policy, withSelectors: false);
        await OAuthWire.SvidForTokenEndpointAsync(fixture, old);

        using (var response = await MoveAsync(old, new JsonObject { ["spiffe_id"] = moved }))
            await Wire.AssertJsonAsync(response, HttpStatusCode.Created);
        using (var again = await MoveAsync(old, new JsonObject { ["spiffe_id"] = moved }))
            Assert.Contains($"already moved to {moved}", await Wire.AssertProblemAsync(again, HttpStatusCode.Conflict), StringComparison.Ordinal);

        var shown = await ShowAsync(moved);
        Assert.Equal("registered", shown.GetProperty("state").GetString());
        Assert.False(shown.TryGetProperty("attestation", out _));
        Assert.Equal(0, shown.GetProperty("live_credentials").GetInt32());
        var svid = await OAuthWire.SvidForTokenEndpointAsync(fixture, moved);
        var token = await OAuthWire.IssueAsync(fixture.Anonymous, svid);
        Assert.Equal(moved, Wire.JwtPayload(token).GetProperty("sub").GetString());
        Assert.True((await IntrospectAsync(token)).GetProperty("active").GetBoolean());
    }

    [Theory]
    [InlineData("spiffe://aims.local/agents/x/", "must not end with")]
    [InlineData("https://aims.local/agents/x", "spiffe://")]
    [InlineData("spiffe://partner.example/agents/x", "not in the trust domain aims.local")]
    [InlineData("spiffe://aims.local", "must have a path")]
    [InlineData("", "spiffe_id is required")]
    public async Task Move_to_an_invalid_id_is_400_with_the_rule_and_changes_nothing(string target, string rule)
    {
        var old = Wire.NewAgentId("bad-target");
        await RegisterAsync(old);

        using var response = await MoveAsync(old, new JsonObject { ["spiffe_id"] = target });

        Assert.Contains(rule, await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Equal("registered", (await ShowAsync(old)).GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("""{}""", "spiffe_id is required")]
    [InlineData("""{"spiffe_id":"spiffe://aims.local/agents/y","reason":1}""", "")]
    [InlineData("""{"spiffe_id":"spiffe://aims.local/agents/y","new_id":"x"}""", "")]
    public async Task Move_with_a_malformed_body_is_400(string body, string detail)
    {
        var old = Wire.NewAgentId("bad-body");
        await RegisterAsync(old);

        using var response = await fixture.Operator.PostAsync($"/v1/agents/{Wire.Encode(old)}/move", Wire.Json(body));

        Assert.Contains(detail, await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Move_to_its_own_id_is_400()
    {
        var old = Wire.NewAgentId("same");
        await RegisterAsync(old);

        using var response = await MoveAsync(old, new JsonObject { ["spiffe_id"] = old });

        Assert.Contains("is the agent's current ID", await Wire.AssertProblemAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Move_onto_a_registered_id_is_409_and_changes_neither()
    {
        var old = Wire.NewAgentId("onto");
        var taken = Wire.NewAgentId("taken");
        await RegisterAsync(old);
        await RegisterAsync(taken);

        using var response = await MoveAsync(old, new JsonObject { ["spiffe_id"] = taken });

        Assert.Contains($"agent {taken} is already registered", await Wire.AssertProblemAsync(response, HttpStatusCode.Conflict), StringComparison.Ordinal);
        var shownOld = await ShowAsync(old);
        Assert.Equal("registered", shownOld.GetProperty("state").GetString());
        Assert.False(shownOld.TryGetProperty("moved_to", out _));
        Assert.False((await ShowAsync(taken)).TryGetProperty("moved_from", out _));
    }

    [Fact]
    public async Task Move_of_an_unknown_agent_is_404_and_registers_nothing()
    {
        var unknown = Wire.NewAgentId("unknown");
        var target = Wire.NewAgentId("unknown-target");

        using var response = await MoveAsync(unknown, new JsonObject { ["spiffe_id"] = target });

        await Wire.AssertProblemAsync(response, HttpStatusCode.NotFound);
        using var show = await fixture.Operator.GetAsync($"/v1/agents/{Wire.Encode(target)}");
        await Wire.AssertProblemAsync(show, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("compromise", "replaced, never moved")]
    [InlineData("terminate", "terminated")]
    [InlineData("suspend", "resume it first")]
    public async Task Move_of_a_compromised_terminated_or_suspended_agent_is_409_and_registers_nothing(string action, string advice)
    {
        var old = Wire.NewAgentId($"{action}d");
        var target = Wire.NewAgentId($"{action}d-target");
        await RegisterAsync(old);
        using (var change = await fixture.Operator.PostAsync($"/v1/agents/{Wire.Encode(old)}/{action}", Wire.Json("""{"reason":"incident"}""")))
            await Wire.AssertJsonAsync(change, HttpStatusCode.OK);

        using var response = await MoveAsync(old, new JsonObject { ["spiffe_id"] = target });

        Assert.Contains(advice, await Wire.AssertProblemAsync(response, HttpStatusCode.Conflict), StringComparison.Ordinal);
        using var show = await fixture.Operator.GetAsync($"/v1/agents/{Wire.Encode(target)}");
        await Wire.AssertProblemAsync(show, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Move_needs_the_operator()
    {
        var old = Wire.NewAgentId("anonymous");
        await RegisterAsync(old);

        using var response = await fixture.Anonymous.PostAsync(
            $"/v1/agents/{Wire.Encode(old)}/move", Wire.Json(new JsonObject { ["spiffe_id"] = Wire.NewAgentId("anonymous-target") }));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static void AssertSameRegistration(JsonElement old, JsonElement moved, string policy)
    {
        Assert.Equal("registered", moved.GetProperty("state").GetString());
        Assert.Equal(policy, moved.GetProperty("policy").GetString());
        Assert.Equal(policy, old.GetProperty("policy").GetString());
        Assert.Equal(old.GetProperty("selectors").GetRawText(), moved.GetProperty("selectors").GetRawText());
        Assert.Equal("data", moved.GetProperty("metadata").GetProperty("team").GetString());
        Assert.Equal(old.GetProperty("metadata").GetRawText(), moved.GetProperty("metadata").GetRawText());
        Assert.Equal(0, moved.GetProperty("live_credentials").GetInt32());
        Assert.Equal(0, moved.GetProperty("live_tokens").GetInt32());
    }

    /// <param name="withSelectors">
    /// False for an agent that attests with a join token in the test: a join token names the agent but proves no
    /// selector, so an agent registered with selectors could not attest with it.
    /// </param>
    private async Task RegisterAsync(string id, string? policy = null, bool withSelectors = true)
    {
        var body = new JsonObject
        {
            ["spiffe_id"] = id,
            ["selectors"] = withSelectors ? new JsonArray("k8s:ns:analytics", "k8s:sa:analyst") : new JsonArray(),
            ["metadata"] = new JsonObject { ["team"] = "data" },
        };
        if (policy is not null)
            body["policy"] = policy;
        using var response = await fixture.Operator.PostAsync("/v1/agents", Wire.Json(body));
        await Wire.AssertJsonAsync(response, HttpStatusCode.Created);
    }

    private Task<HttpResponseMessage> MoveAsync(string id, JsonObject body, string? correlationId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/agents/{Wire.Encode(id)}/move") { Content = Wire.Json(body) };
        if (correlationId is not null)
            request.Headers.Add("X-Correlation-Id", correlationId);
        return fixture.Operator.SendAsync(request);
    }

    private async Task<JsonElement> ShowAsync(string id)
    {
        using var response = await fixture.Operator.GetAsync($"/v1/agents/{Wire.Encode(id)}");
        return await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
    }

    private async Task<List<JsonElement>> AuditAsync(string id)
    {
        using var response = await fixture.Operator.GetAsync($"/v1/audit?agent={Uri.EscapeDataString(id)}");
        return [.. (await Wire.AssertJsonAsync(response, HttpStatusCode.OK)).GetProperty("records").EnumerateArray()];
    }

    private async Task<JsonElement> IntrospectAsync(string token)
    {
        using var response = await fixture.Anonymous.SendAsync(OAuthWire.OperatorForm("/oauth2/introspect", fixture.OperatorToken, ("token", token)));
        return await Wire.AssertJsonAsync(response, HttpStatusCode.OK);
    }
}
