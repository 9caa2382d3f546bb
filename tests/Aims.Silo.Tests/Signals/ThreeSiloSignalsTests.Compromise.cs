using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Core.Signals;
using Aims.Core.Signals.Streams;
using Aims.Testing;

namespace Aims.Silo.Tests.Signals;

public sealed partial class ThreeSiloSignalsTests
{
    private static readonly string[] CompromiseEvents = [SecurityEventTypes.CredentialCompromise, SecurityEventTypes.SessionRevoked, SecurityEventTypes.CredentialChange];

    /// <summary>
    /// The whole road of ARCHITECTURE.md "How a compromise travels" on three silos: the compromise goes through silo 3;
    /// every silo calls the agent's tokens and sessions dead at once, its X509-SVID reads revoked, and every tool
    /// refuses its tokens; a push receiver the test hosts gets credential-compromise, one session-revoked per session
    /// and a credential-change for the X509-SVID, signed with keys of /oauth2/jwks; a poll stream (both streams created
    /// through silo 2) drained through silo 1 returns the same events (acknowledged, then nothing more); and the audit
    /// log holds the compromise, the session revocations and the signals sent, linked by correlation id and by the
    /// SETs' txn, in a chain that verifies.
    /// </summary>
    [AzuriteFact]
    public async Task Compromise_RefusedEverywhere_SetsPushedAndPolledThroughOtherSilos_AuditShowsCauseAndEffect()
    {
        var (siem, siemKey) = await fixture.ReceiverAsync("siem");
        var ssfToken = await fixture.SsfTokenAsync(siem, siemKey, 1);
        using var push = new SetPushReceiver();
        var pushStream = await SsfAsync(1, HttpMethod.Post, "/ssf/streams", ssfToken, new JsonObject
        {
            ["events_requested"] = Strings(CompromiseEvents),
            ["delivery"] = new JsonObject { ["method"] = DeliveryMethods.Push, ["endpoint_url"] = push.EndpointUrl, ["authorization_header"] = push.AuthorizationHeader },
            ["description"] = "SIEM, pushed",
        }, HttpStatusCode.Created);
        var pollStream = await SsfAsync(1, HttpMethod.Post, "/ssf/streams", ssfToken, new JsonObject
        {
            ["events_requested"] = Strings(CompromiseEvents),
            ["delivery"] = new JsonObject { ["method"] = DeliveryMethods.Poll },
            ["description"] = "SIEM, polled",
        }, HttpStatusCode.Created);
        Assert.Equal(siem, pushStream.GetProperty("aud").GetString());
        var pollPath = new Uri(pollStream.GetProperty("delivery").GetProperty("endpoint_url").GetString()!).PathAndQuery;

        using var agent = await ClusterAgent.CreateAsync(fixture, "victim");
        var tokens = new[] { await agent.IssueAsync(0), await agent.IssueAsync(1), await agent.IssueAsync(2) };
        var sessions = new[] { await agent.OpenSessionAsync(0), await agent.OpenSessionAsync(1), await agent.OpenSessionAsync(2) };
        var sessionIds = (await SessionIdsAsync(0, agent)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, sessionIds.Count);
        string[] accessTokens = [.. tokens, .. sessions.Select(s => s.AccessToken)];
        await AssertActiveOnEverySiloAsync("token", SignalClusterFixture.Scopes, accessTokens);
        await ToolsAnswerAsync(ToolServer.ReadPath, HttpStatusCode.OK, "token", accessTokens);

        const string reason = "EDR: SVID key exfiltrated";
        var correlation = "compromise-" + Guid.NewGuid().ToString("N");
        var compromised = await ActAsync(2, agent, "compromise", new JsonObject { ["reason"] = reason }, correlationId: correlation);
        Assert.Equal("compromised", compromised.GetProperty("state").GetString());

        // Durable before acknowledged: every silo, every token, from the answer on.
        await AssertInactiveOnEverySiloAsync("token of a compromised agent", accessTokens);
        await AssertInactiveOnEverySiloAsync("refresh token of a revoked session", [.. sessions.Select(s => s.RefreshToken)]);
        await AssertNoSiloIssuesAsync(agent, "compromised");
        await AssertX509SvidRevokedAsync(0, agent);
        await ToolsEventuallyAnswerAsync(ToolServer.ReadPath, HttpStatusCode.Unauthorized, "token of a compromised agent", accessTokens);

        var verifier = await SetVerifier.FetchAsync(fixture.Silos[0], fixture.Through(0).Anonymous, SignalClusterFixture.Issuer);
        var pushed = await PushedAsync(push, verifier, siem, agent, sessionIds.Count);
        var polled = await PollAllAsync(0, pollPath, ssfToken, verifier, siem, agent);
        foreach (var (how, sets) in new[] { ("pushed", pushed), ("polled", polled) })
            AssertCompromiseSets(how, sets, agent, sessionIds, reason);
        var txn = Assert.Single(pushed.Concat(polled).Select(s => s.Txn).Distinct());
        Assert.NotNull(txn);

        await AssertCauseAndEffectAsync(agent, correlation, reason, sessionIds, txn);

        await SsfAsync(2, HttpMethod.Delete, $"/ssf/streams?stream_id={pushStream.GetProperty("stream_id").GetString()}", ssfToken, null, HttpStatusCode.NoContent);
        await SsfAsync(2, HttpMethod.Delete, $"/ssf/streams?stream_id={pollStream.GetProperty("stream_id").GetString()}", ssfToken, null, HttpStatusCode.NoContent);
    }

    /// <summary>The agent's X509-SVID reads revoked through silo <paramref name="silo"/> (its serial is what the CRL and OCSP answer for).</summary>
    private async Task AssertX509SvidRevokedAsync(int silo, ClusterAgent agent)
    {
        var (process, op, _) = fixture.Through(silo);
        var listed = await SiloApi.SendAsync(process, op, HttpMethod.Get, $"/v1/agents/{agent.PathId}/credentials", null, HttpStatusCode.OK);
        var svid = Assert.Single(listed.GetProperty("credentials").EnumerateArray(),
            c => string.Equals(Text(c, "id"), agent.X509Serial, StringComparison.OrdinalIgnoreCase));
        Assert.Equal("x509_svid", Text(svid, "kind"));
        Assert.Equal("revoked", Text(svid, "state"));
    }

    /// <summary>The SETs about <paramref name="agent"/> the push receiver has taken, once all expected have arrived.</summary>
    private async Task<List<VerifiedSet>> PushedAsync(SetPushReceiver push, SetVerifier verifier, string audience, ClusterAgent agent, int sessions)
    {
        var expected = 2 + sessions;
        List<VerifiedSet> about = [];
        await SiloApi.EventuallyAsync(Budget, () =>
        {
            about = [.. push.Sets.Select(set => verifier.Verify(set, audience)).Where(s => s.Agent == agent.Id)];
            return Task.FromResult(about.Count >= expected);
        }, () => $"the push receiver has {about.Count} of {expected} SETs about {agent.Id}; refused pushes: {string.Join("; ", push.Refusals)}\n{fixture.DescribeAll()}");
        Assert.Empty(push.Refusals);
        return about;
    }

    /// <summary>
    /// RFC 8936 through silo <paramref name="silo"/>: polls two at a time, acknowledging each batch with the next poll,
    /// until the stream says no more are available; then one more poll that acknowledges the last batch finds nothing.
    /// </summary>
    private async Task<List<VerifiedSet>> PollAllAsync(int silo, string pollPath, string token, SetVerifier verifier, string audience, ClusterAgent agent)
    {
        List<VerifiedSet> all = [];
        List<string> ack = [];
        var polls = 0;
        while (true)
        {
            var response = await SsfAsync(silo, HttpMethod.Post, pollPath, token,
                new JsonObject { ["maxEvents"] = 2, ["returnImmediately"] = true, ["ack"] = Strings(ack) }, HttpStatusCode.OK);
            polls++;
            var sets = response.GetProperty("sets").EnumerateObject().ToList();
            Assert.True(sets.Count <= 2, $"maxEvents 2, but a poll returned {sets.Count} SETs");
            foreach (var set in sets)
            {
                var verified = verifier.Verify(set.Value.GetString()!, audience);
                Assert.Equal(set.Name, verified.Jti);
                all.Add(verified);
            }

            ack = [.. sets.Select(s => s.Name)];
            var more = response.TryGetProperty("moreAvailable", out var flag) && flag.GetBoolean();
            if (!more)
                break;
            Assert.True(polls < 20, "the poll stream keeps saying moreAvailable");
        }

        Assert.True(polls > 1, $"five SETs at two per poll need more than one poll (moreAvailable), got {polls}");
        var last = await SsfAsync(silo, HttpMethod.Post, pollPath, token,
            new JsonObject { ["maxEvents"] = 10, ["returnImmediately"] = true, ["ack"] = Strings(ack) }, HttpStatusCode.OK);
        Assert.Empty(last.GetProperty("sets").EnumerateObject());
        Assert.False(last.TryGetProperty("moreAvailable", out var after) && after.GetBoolean(), last.GetRawText());
        return [.. all.Where(s => s.Agent == agent.Id)];
    }

    /// <summary>One credential-compromise, one session-revoked per session, one credential-change revoking the X509-SVID, all with the operator's reason.</summary>
    private static void AssertCompromiseSets(string how, List<VerifiedSet> sets, ClusterAgent agent, List<string> sessionIds, string reason)
    {
        var compromise = Assert.Single(sets, s => s.EventType == SecurityEventTypes.CredentialCompromise);
        Assert.Equal("uri", compromise.Subject.GetProperty("format").GetString());
        Assert.Equal("admin", compromise.Event.GetProperty("initiating_entity").GetString());
        Assert.Equal(reason, compromise.Event.GetProperty("reason_admin").GetProperty("en").GetString());

        var revoked = sets.Where(s => s.EventType == SecurityEventTypes.SessionRevoked).Select(s => s.Session).Order(StringComparer.Ordinal).ToList();
        Assert.True(sessionIds.SequenceEqual(revoked), $"{how}: session-revoked for [{string.Join(", ", revoked)}], sessions were [{string.Join(", ", sessionIds)}]");

        var change = Assert.Single(sets, s => s.EventType == SecurityEventTypes.CredentialChange);
        Assert.Equal("revoke", change.Event.GetProperty("change_type").GetString());
        Assert.Equal(agent.X509Serial, change.Event.GetProperty("x509_serial").GetString(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal(2 + sessionIds.Count, sets.Count);
    }

    /// <summary>
    /// The audit log, read through silo 2: the compromise (cause: the operator's reason), then each session's revocation
    /// under the same correlation id, then the record of the signals sent naming the SETs' txn; the chain verifies
    /// through silo 3.
    /// </summary>
    private async Task AssertCauseAndEffectAsync(ClusterAgent agent, string correlation, string reason, List<string> sessionIds, string txn)
    {
        var (silo2, op2, _) = fixture.Through(1);
        var listed = await SiloApi.SendAsync(silo2, op2, HttpMethod.Get, $"/v1/audit?agent={Uri.EscapeDataString(agent.Id)}&limit=1000", null, HttpStatusCode.OK);
        var records = listed.GetProperty("records").EnumerateArray().ToList();
        var linked = records.Where(r => Text(r, "correlation_id") == correlation).ToList();
        var all = string.Join('\n', linked.Select(r => r.GetRawText()));

        var cause = Assert.Single(linked, r => Text(r, "action") == "agent.compromise");
        Assert.Equal("Allowed", Text(cause, "decision"));
        Assert.Equal(reason, Text(cause, "cause"));
        var at = cause.GetProperty("sequence").GetInt64();

        var revocations = linked.Where(r => Text(r, "action") == "session.revoke").ToList();
        Assert.True(sessionIds.SequenceEqual(revocations.Select(r => Text(r, "resource")!["session:".Length..]).Order(StringComparer.Ordinal)),
            $"a session.revoke record per session, after the compromise:\n{all}");
        Assert.All(revocations, r => Assert.True(r.GetProperty("sequence").GetInt64() > at && Text(r, "cause") == reason, r.GetRawText()));

        var signals = Assert.Single(linked, r => Text(r, "action") == "agent.compromise.signals");
        Assert.True(signals.GetProperty("sequence").GetInt64() > revocations.Max(r => r.GetProperty("sequence").GetInt64()), all);
        var detail = Text(signals, "detail")!;
        foreach (var sent in new[] { "1 credential-compromise", $"{sessionIds.Count} session-revoked", "1 credential-change", $"txn {txn}" })
            Assert.True(detail.Contains(sent, StringComparison.Ordinal), $"the signals record should say '{sent}': {detail}");

        var (silo3, op3, _) = fixture.Through(2);
        var (valid, count, raw) = await SiloApi.VerifyAuditAsync(silo3, op3);
        Assert.True(valid, raw.GetRawText());
        output.WriteLine($"audit chain of {count} records verifies; compromise of {agent.Id} at #{at}, signals at #{signals.GetProperty("sequence").GetInt64()}");
    }

    private static string? Text(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonArray Strings(IEnumerable<string> values) => [.. values.Select(v => JsonValue.Create(v))];
}
