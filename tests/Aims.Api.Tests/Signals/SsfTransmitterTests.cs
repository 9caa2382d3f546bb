using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Aims.Api.Tests.Testing;
using Aims.Core.Signals;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Aims.Api.Tests.Signals;

[Collection(AimsApiCollection.Name)]
public sealed class SsfTransmitterTests(AimsApiFixture fixture)
{
    [Fact]
    public async Task Configuration_metadata_lists_the_endpoints_and_delivery_methods()
    {
        using var response = await fixture.Anonymous.GetAsync("/.well-known/ssf-configuration");
        var metadata = await Wire.AssertJsonAsync(response, HttpStatusCode.OK);

        Assert.Equal("1_0", metadata.GetProperty("spec_version").GetString());
        Assert.Equal(SsfWire.Issuer, metadata.GetProperty("issuer").GetString());
        Assert.Equal(SsfWire.Issuer + "/oauth2/jwks", metadata.GetProperty("jwks_uri").GetString());
        Assert.Equal(["urn:ietf:rfc:8935", "urn:ietf:rfc:8936"], metadata.GetProperty("delivery_methods_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(SsfWire.Issuer + "/ssf/streams", metadata.GetProperty("configuration_endpoint").GetString());
        Assert.Equal("urn:ietf:rfc:6749", metadata.GetProperty("authorization_schemes")[0].GetProperty("spec_urn").GetString());
    }

    [Fact]
    public async Task A_poll_stream_receives_signed_sets_until_acknowledged()
    {
        var (agent, _) = await SsfWire.ReceiverAsync(fixture);
        var token = await SsfWire.TokenAsync(fixture, agent, "ssf.manage");
        var created = await SsfWire.SendAsync(fixture, HttpMethod.Post, "/ssf/streams", token,
            new JsonObject { ["events_requested"] = new JsonArray(SecurityEventTypes.CredentialCompromise, SecurityEventTypes.SessionRevoked) }, HttpStatusCode.Created);
        var streamId = created.GetProperty("stream_id").GetString()!;
        Assert.Equal("urn:ietf:rfc:8936", created.GetProperty("delivery").GetProperty("method").GetString());
        Assert.Equal(agent, created.GetProperty("aud").GetString());
        var pollUrl = created.GetProperty("delivery").GetProperty("endpoint_url").GetString()!;
        var pollPath = new Uri(pollUrl).PathAndQuery;

        var subject = Wire.NewAgentId("compromised");
        await SsfWire.PublishAsync(fixture, SsfWire.Compromise(subject));

        var polled = await SsfWire.SendAsync(fixture, HttpMethod.Post, pollPath, token, new JsonObject { ["returnImmediately"] = true }, HttpStatusCode.OK);
        var (jti, set) = Assert.Single(polled.GetProperty("sets").EnumerateObject().Select(p => (p.Name, p.Value.GetString()!)));
        var received = await SsfWire.VerifyAsync(fixture, set, agent);
        Assert.Equal(jti, received.Jti);
        Assert.Equal(SecurityEventTypes.CredentialCompromise, received.Type);
        Assert.Equal(SubjectIdentifier.ForUri(subject), received.Subject);
        Assert.Equal("secevent+jwt", Wire.JwtHeader(set).GetProperty("typ").GetString());

        // Unacknowledged SETs come again; an ack releases them.
        var again = await SsfWire.SendAsync(fixture, HttpMethod.Post, pollPath, token, new JsonObject { ["returnImmediately"] = true }, HttpStatusCode.OK);
        Assert.True(again.GetProperty("sets").TryGetProperty(jti, out _));
        var acked = await SsfWire.SendAsync(fixture, HttpMethod.Post, pollPath, token,
            new JsonObject { ["ack"] = new JsonArray(jti), ["returnImmediately"] = true }, HttpStatusCode.OK);
        Assert.Empty(acked.GetProperty("sets").EnumerateObject());

        // Not requested: not delivered.
        await SsfWire.PublishAsync(fixture, SecurityEvents.AccountEnabled(SubjectIdentifier.ForUri(subject), new EventCause("t", DateTimeOffset.UtcNow, InitiatingEntity.Admin, "x")));
        var none = await SsfWire.SendAsync(fixture, HttpMethod.Post, pollPath, token, new JsonObject { ["returnImmediately"] = true }, HttpStatusCode.OK);
        Assert.Empty(none.GetProperty("sets").EnumerateObject());
        _ = streamId;
    }

    [Fact]
    public async Task A_first_attestation_announces_the_agents_assurance_level()
    {
        var (receiver, _) = await SsfWire.ReceiverAsync(fixture);
        var token = await SsfWire.TokenAsync(fixture, receiver, "ssf.manage");
        var created = await SsfWire.SendAsync(fixture, HttpMethod.Post, "/ssf/streams", token,
            new JsonObject { ["events_requested"] = new JsonArray(SecurityEventTypes.AssuranceLevelChange) }, HttpStatusCode.Created);
        var pollPath = new Uri(created.GetProperty("delivery").GetProperty("endpoint_url").GetString()!).PathAndQuery;

        var agent = Wire.NewAgentId("assured");
        await Wire.RegisterAsync(fixture.Operator, agent);
        var join = await Wire.JoinTokenAsync(fixture.Operator, agent);
        using (var attest = await Wire.AttestAsync(fixture.Anonymous, Wire.AttestBody(join, agent, audience: "https://api.example.com")))
            Assert.Equal(HttpStatusCode.OK, attest.StatusCode);

        var polled = await SsfWire.SendAsync(fixture, HttpMethod.Post, pollPath, token, new JsonObject { ["returnImmediately"] = true }, HttpStatusCode.OK);
        var events = new List<ReceivedSecurityEvent>();
        foreach (var set in polled.GetProperty("sets").EnumerateObject())
            events.Add(await SsfWire.VerifyAsync(fixture, set.Value.GetString()!, receiver));
        var assurance = Assert.Single(events, e => e.Subject.Equals(SubjectIdentifier.ForUri(agent)));
        Assert.Equal(SecurityEventTypes.AssuranceLevelChange, assurance.Type);
        Assert.Contains("\"current_level\":\"join_token\"", assurance.PayloadJson, StringComparison.Ordinal);
        Assert.Contains("\"namespace\":\"aims-attestation\"", assurance.PayloadJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_poll_returns_when_an_event_arrives()
    {
        var (agent, _) = await SsfWire.ReceiverAsync(fixture);
        var token = await SsfWire.TokenAsync(fixture, agent, "ssf.manage");
        var created = await SsfWire.SendAsync(fixture, HttpMethod.Post, "/ssf/streams", token,
            new JsonObject { ["events_requested"] = new JsonArray(SecurityEventTypes.CredentialCompromise) }, HttpStatusCode.Created);
        var pollPath = new Uri(created.GetProperty("delivery").GetProperty("endpoint_url").GetString()!).PathAndQuery;

        var poll = SsfWire.SendAsync(fixture, HttpMethod.Post, pollPath, token, new JsonObject(), HttpStatusCode.OK);
        await Task.Delay(300);
        await SsfWire.PublishAsync(fixture, SsfWire.Compromise(Wire.NewAgentId("late")));

        Assert.Single((await poll).GetProperty("sets").EnumerateObject());
    }

    [Fact]
    public async Task A_push_stream_posts_each_set_to_the_receiver_with_its_authorization_header()
    {
        var received = new ConcurrentQueue<(string ContentType, string? Authorization, string Body)>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var receiver = builder.Build();
        receiver.MapPost("/events", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            received.Enqueue((http.Request.ContentType ?? "", http.Request.Headers.Authorization.ToString(), await reader.ReadToEndAsync()));
            return Results.Accepted();
        });
        await receiver.StartAsync();
        var endpoint = receiver.Urls.First() + "/events";

        var (agent, _) = await SsfWire.ReceiverAsync(fixture);
        var token = await SsfWire.TokenAsync(fixture, agent, "ssf.manage");
        var created = await SsfWire.SendAsync(fixture, HttpMethod.Post, "/ssf/streams", token, new JsonObject
        {
            ["events_requested"] = new JsonArray(SecurityEventTypes.CredentialCompromise),
            ["delivery"] = new JsonObject { ["method"] = "urn:ietf:rfc:8935", ["endpoint_url"] = endpoint, ["authorization_header"] = "Bearer receiver-secret" },
        }, HttpStatusCode.Created);
        Assert.False(created.GetProperty("delivery").TryGetProperty("authorization_header", out _));

        var subject = Wire.NewAgentId("pushed");
        await SsfWire.PublishAsync(fixture, SsfWire.Compromise(subject));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (received.IsEmpty && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        var (contentType, authorization, body) = Assert.Single(received);
        Assert.StartsWith("application/secevent+jwt", contentType, StringComparison.Ordinal);
        Assert.Equal("Bearer receiver-secret", authorization);
        Assert.Equal(SubjectIdentifier.ForUri(subject), (await SsfWire.VerifyAsync(fixture, body, agent)).Subject);
    }

    [Fact]
    public async Task Status_pause_holds_events_and_enable_sends_stream_updated()
    {
        var (agent, _) = await SsfWire.ReceiverAsync(fixture);
        var token = await SsfWire.TokenAsync(fixture, agent, "ssf.manage");
        var created = await SsfWire.SendAsync(fixture, HttpMethod.Post, "/ssf/streams", token,
            new JsonObject { ["events_requested"] = new JsonArray(SecurityEventTypes.CredentialCompromise) }, HttpStatusCode.Created);
        var streamId = created.GetProperty("stream_id").GetString()!;
        var pollPath = new Uri(created.GetProperty("delivery").GetProperty("endpoint_url").GetString()!).PathAndQuery;

        var paused = await SsfWire.SendAsync(fixture, HttpMethod.Post, "/ssf/status", token,
            new JsonObject { ["stream_id"] = streamId, ["status"] = "paused", ["reason"] = "maintenance" }, HttpStatusCode.OK);
        Assert.Equal("paused", paused.GetProperty("status").GetString());
        var status = await SsfWire.SendAsync(fixture, HttpMethod.Get, $"/ssf/status?stream_id={streamId}", token, null, HttpStatusCode.OK);
        Assert.Equal("maintenance", status.GetProperty("reason").GetString());

        await SsfWire.PublishAsync(fixture, SsfWire.Compromise(Wire.NewAgentId("held")));
        var whilePaused = await SsfWire.SendAsync(fixture, HttpMethod.Post, pollPath, token, new JsonObject { ["returnImmediately"] = true }, HttpStatusCode.OK);
        Assert.Empty(whilePaused.GetProperty("sets").EnumerateObject());

        await SsfWire.SendAsync(fixture, HttpMethod.Post, "/ssf/status", token, new JsonObject { ["stream_id"] = streamId, ["status"] = "enabled" }, HttpStatusCode.OK);
        var afterwards = await SsfWire.SendAsync(fixture, HttpMethod.Post, pollPath, token, new JsonObject { ["returnImmediately"] = true }, HttpStatusCode.OK);
        var types = new List<string>();
        foreach (var set in afterwards.GetProperty("sets").EnumerateObject())
            types.Add((await SsfWire.VerifyAsync(fixture, set.Value.GetString()!, agent)).Type);
        Assert.Contains(SecurityEventTypes.CredentialCompromise, types);
        Assert.Contains(SecurityEventTypes.StreamUpdated, types);
    }

    [Fact]
    public async Task Verification_echoes_the_state_and_is_rate_limited()
    {
        var (agent, _) = await SsfWire.ReceiverAsync(fixture);
        var token = await SsfWire.TokenAsync(fixture, agent, "ssf.manage");
        var created = await SsfWire.SendAsync(fixture, HttpMethod.Post, "/ssf/streams", token, new JsonObject(), HttpStatusCode.Created);
        var streamId = created.GetProperty("stream_id").GetString()!;
        var pollPath = new Uri(created.GetProperty("delivery").GetProperty("endpoint_url").GetString()!).PathAndQuery;

        await SsfWire.SendAsync(fixture, HttpMethod.Post, "/ssf/verify", token, new JsonObject { ["stream_id"] = streamId, ["state"] = "abc" }, HttpStatusCode.NoContent);
        await SsfWire.SendAsync(fixture, HttpMethod.Post, "/ssf/verify", token, new JsonObject { ["stream_id"] = streamId }, HttpStatusCode.TooManyRequests);

        var polled = await SsfWire.SendAsync(fixture, HttpMethod.Post, pollPath, token, new JsonObject { ["returnImmediately"] = true }, HttpStatusCode.OK);
        var set = Assert.Single(polled.GetProperty("sets").EnumerateObject()).Value.GetString()!;
        var verification = await SsfWire.VerifyAsync(fixture, set, agent);
        Assert.Equal(SecurityEventTypes.Verification, verification.Type);
        Assert.Equal(SubjectIdentifier.ForOpaque(streamId), verification.Subject);
        Assert.Contains("\"state\":\"abc\"", verification.PayloadJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_removed_subject_is_not_delivered_until_added_again()
    {
        var (agent, _) = await SsfWire.ReceiverAsync(fixture);
        var token = await SsfWire.TokenAsync(fixture, agent, "ssf.manage");
        var created = await SsfWire.SendAsync(fixture, HttpMethod.Post, "/ssf/streams", token,
            new JsonObject { ["events_requested"] = new JsonArray(SecurityEventTypes.CredentialCompromise) }, HttpStatusCode.Created);
        var streamId = created.GetProperty("stream_id").GetString()!;
        var pollPath = new Uri(created.GetProperty("delivery").GetProperty("endpoint_url").GetString()!).PathAndQuery;
        var subject = Wire.NewAgentId("quiet");
        var subjectJson = new JsonObject { ["format"] = "uri", ["uri"] = subject };

        await SsfWire.SendAsync(fixture, HttpMethod.Post, "/ssf/subjects:remove", token, new JsonObject { ["stream_id"] = streamId, ["subject"] = subjectJson.DeepClone() }, HttpStatusCode.NoContent);
        await SsfWire.PublishAsync(fixture, SsfWire.Compromise(subject));
        var none = await SsfWire.SendAsync(fixture, HttpMethod.Post, pollPath, token, new JsonObject { ["returnImmediately"] = true }, HttpStatusCode.OK);
        Assert.Empty(none.GetProperty("sets").EnumerateObject());

        await SsfWire.SendAsync(fixture, HttpMethod.Post, "/ssf/subjects:add", token, new JsonObject { ["stream_id"] = streamId, ["subject"] = subjectJson.DeepClone() }, HttpStatusCode.OK);
        await SsfWire.PublishAsync(fixture, SsfWire.Compromise(subject));
        var one = await SsfWire.SendAsync(fixture, HttpMethod.Post, pollPath, token, new JsonObject { ["returnImmediately"] = true }, HttpStatusCode.OK);
        Assert.Single(one.GetProperty("sets").EnumerateObject());
    }

    [Fact]
    public async Task Streams_are_read_updated_replaced_listed_and_deleted_per_receiver()
    {
        var (agent, _) = await SsfWire.ReceiverAsync(fixture);
        var token = await SsfWire.TokenAsync(fixture, agent, "ssf.manage");
        var created = await SsfWire.SendAsync(fixture, HttpMethod.Post, "/ssf/streams", token, new JsonObject { ["description"] = "first" }, HttpStatusCode.Created);
        var streamId = created.GetProperty("stream_id").GetString()!;

        var read = await SsfWire.SendAsync(fixture, HttpMethod.Get, $"/ssf/streams?stream_id={streamId}", token, null, HttpStatusCode.OK);
        Assert.Equal("first", read.GetProperty("description").GetString());
        var patched = await SsfWire.SendAsync(fixture, HttpMethod.Patch, "/ssf/streams", token,
            new JsonObject { ["stream_id"] = streamId, ["events_requested"] = new JsonArray(SecurityEventTypes.SessionRevoked) }, HttpStatusCode.OK);
        Assert.Equal("first", patched.GetProperty("description").GetString());
        Assert.Equal(SecurityEventTypes.SessionRevoked, patched.GetProperty("events_delivered")[0].GetString());
        var replaced = await SsfWire.SendAsync(fixture, HttpMethod.Put, "/ssf/streams", token, new JsonObject { ["stream_id"] = streamId }, HttpStatusCode.OK);
        Assert.False(replaced.TryGetProperty("description", out _));
        await SsfWire.SendAsync(fixture, HttpMethod.Patch, "/ssf/streams", token,
            new JsonObject { ["stream_id"] = streamId, ["iss"] = "https://evil.example" }, HttpStatusCode.BadRequest);

        var list = await SsfWire.SendAsync(fixture, HttpMethod.Get, "/ssf/streams", token, null, HttpStatusCode.OK);
        Assert.Contains(list.EnumerateArray(), s => s.GetProperty("stream_id").GetString() == streamId);

        // Another receiver sees nothing of it.
        var (other, _) = await SsfWire.ReceiverAsync(fixture);
        var otherToken = await SsfWire.TokenAsync(fixture, other, "ssf.manage");
        await SsfWire.SendAsync(fixture, HttpMethod.Get, $"/ssf/streams?stream_id={streamId}", otherToken, null, HttpStatusCode.NotFound);
        await SsfWire.SendAsync(fixture, HttpMethod.Delete, $"/ssf/streams?stream_id={streamId}", otherToken, null, HttpStatusCode.NotFound);

        await SsfWire.SendAsync(fixture, HttpMethod.Delete, $"/ssf/streams?stream_id={streamId}", token, null, HttpStatusCode.NoContent);
        await SsfWire.SendAsync(fixture, HttpMethod.Get, $"/ssf/streams?stream_id={streamId}", token, null, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Management_needs_a_valid_token_with_the_right_scope()
    {
        var (agent, _) = await SsfWire.ReceiverAsync(fixture);
        var readOnly = await SsfWire.TokenAsync(fixture, agent, "ssf.read");

        using (var none = await fixture.Anonymous.PostAsync("/ssf/streams", Wire.Json("{}")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            Assert.StartsWith("Bearer", none.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        await SsfWire.SendAsync(fixture, HttpMethod.Post, "/ssf/streams", "not-a-token", new JsonObject(), HttpStatusCode.Unauthorized);
        var forbidden = await SsfWire.SendAsync(fixture, HttpMethod.Post, "/ssf/streams", readOnly, new JsonObject(), HttpStatusCode.Forbidden);
        Assert.Equal("insufficient_scope", forbidden.GetProperty("error").GetString());
        await SsfWire.SendAsync(fixture, HttpMethod.Get, "/ssf/streams", readOnly, null, HttpStatusCode.OK);

        // A token for another resource is not an SSF token.
        var assertion = await OAuth.OAuthWire.SvidForTokenEndpointAsync(fixture, agent);
        using var otherResource = await fixture.Anonymous.PostAsync("/oauth2/token", OAuth.OAuthWire.TokenRequest(assertion, "ssf.read", "https://api.example.com/reports"));
        Assert.NotEqual(HttpStatusCode.OK, otherResource.StatusCode);
    }

    [Theory]
    [InlineData("""{"delivery":{"method":"urn:ietf:rfc:8935","endpoint_url":"http://receiver.example.org/x"}}""")]
    [InlineData("""{"delivery":{"method":"urn:example:email"}}""")]
    [InlineData("""{"events_requested":"all"}""")]
    public async Task Create_refuses_bad_receiver_fields_with_400(string body)
    {
        var (agent, _) = await SsfWire.ReceiverAsync(fixture);
        var token = await SsfWire.TokenAsync(fixture, agent, "ssf.manage");

        await SsfWire.SendAsync(fixture, HttpMethod.Post, "/ssf/streams", token, JsonNode.Parse(body), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("""{"maxEvents":-1}""")]
    [InlineData("""{"ack":"x"}""")]
    public async Task Poll_refuses_malformed_requests_with_400(string body)
    {
        var (agent, _) = await SsfWire.ReceiverAsync(fixture);
        var token = await SsfWire.TokenAsync(fixture, agent, "ssf.manage");
        var created = await SsfWire.SendAsync(fixture, HttpMethod.Post, "/ssf/streams", token, new JsonObject(), HttpStatusCode.Created);
        var pollPath = new Uri(created.GetProperty("delivery").GetProperty("endpoint_url").GetString()!).PathAndQuery;

        await SsfWire.SendAsync(fixture, HttpMethod.Post, pollPath, token, JsonNode.Parse(body), HttpStatusCode.BadRequest);
    }
}
