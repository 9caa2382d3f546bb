using System.Net;
using System.Text.Json.Nodes;
using Aims.Testing;
using Xunit.Abstractions;

namespace Aims.Silo.Tests.Signals;

/// <summary>
/// Issue 4's lifecycle signals on three Azure-profile silo processes (<see cref="SignalClusterFixture"/>): an agent
/// holds tokens issued through every silo and delegation sessions opened through several; an operator suspends,
/// resumes, terminates, reduces or restores its scope, or declares it compromised, through one silo. From the answer
/// on, introspection on every silo says what the change means (durable first), and each silo's tool, validating
/// locally with Aims.ResourceServer, refuses or narrows the agent's tokens as soon as its SSF stream brings the
/// signal. The compromise also reaches a push receiver and a poll receiver, and the audit log shows cause and effect.
/// </summary>
public sealed partial class ThreeSiloSignalsTests(SignalClusterFixture fixture, ITestOutputHelper output) : IClassFixture<SignalClusterFixture>
{
    private const string Read = "read:reports";

    /// <summary>
    /// AgentGrain.SuspendAsync revokes everything issued up to the suspension (the revocation moment is durable); sessions
    /// survive but get no tokens. ResumeAsync brings the agent back without bringing anything back: tokens issued
    /// before the suspension stay refused everywhere, new tokens and the session's refreshes work again.
    /// </summary>
    [AzuriteFact]
    public async Task Suspend_RefusedOnEverySiloAndTool_Resume_OldTokensStayRefusedNewOnesWork()
    {
        using var agent = await ClusterAgent.CreateAsync(fixture, "suspended");
        var tokens = new[] { await agent.IssueAsync(0), await agent.IssueAsync(1), await agent.IssueAsync(2) };
        var session = await agent.OpenSessionAsync(1);
        await AssertActiveOnEverySiloAsync("token", SignalClusterFixture.Scopes, [.. tokens, session.AccessToken]);
        await ToolsAnswerAsync(ToolServer.ReadPath, HttpStatusCode.OK, "token", [.. tokens, session.AccessToken]);

        var suspended = await ActAsync(0, agent, "suspend", new JsonObject { ["reason"] = "investigating unusual reads" });
        Assert.Equal("suspended", suspended.GetProperty("state").GetString());

        await AssertInactiveOnEverySiloAsync("token of a suspended agent", [.. tokens, session.AccessToken]);
        await ToolsEventuallyAnswerAsync(ToolServer.ReadPath, HttpStatusCode.Unauthorized, "token of a suspended agent", [.. tokens, session.AccessToken]);
        await AssertNoSiloIssuesAsync(agent, "suspended");
        await AssertNoSiloRefreshesAsync(agent, session.RefreshToken, "suspended");
        Assert.Single(await SessionIdsAsync(2, agent));

        var resumed = await ActAsync(2, agent, "resume", new JsonObject { ["reason"] = "cleared" });
        Assert.Equal("active", resumed.GetProperty("state").GetString());

        await AssertInactiveOnEverySiloAsync("token issued before the suspension", [.. tokens, session.AccessToken]);
        await ToolsAnswerAsync(ToolServer.ReadPath, HttpStatusCode.Unauthorized, "token issued before the suspension", [.. tokens, session.AccessToken]);

        await AfterTheSecondOfAsync(suspended.GetProperty("updated_at").GetDateTimeOffset());
        var fresh = await agent.IssueAsync(1);
        var (status, refreshed, text) = await agent.RefreshAsync(0, session.RefreshToken);
        Assert.True(status == HttpStatusCode.OK, $"the session's refresh after the resume: {(int)status} {text}");
        var sessionToken = refreshed.GetProperty("access_token").GetString()!;
        await AssertActiveOnEverySiloAsync("token issued after the resume", SignalClusterFixture.Scopes, fresh, sessionToken);
        await ToolsAnswerAsync(ToolServer.ReadPath, HttpStatusCode.OK, "token issued after the resume", fresh, sessionToken);
    }

    /// <summary>Termination is final: sessions end, every token and refresh token is refused everywhere, and nothing comes back.</summary>
    [AzuriteFact]
    public async Task Terminate_EndsSessionsAndRefusesEveryTokenOnEverySiloAndTool()
    {
        using var agent = await ClusterAgent.CreateAsync(fixture, "retired");
        var tokens = new[] { await agent.IssueAsync(0), await agent.IssueAsync(1), await agent.IssueAsync(2) };
        var sessions = new[] { await agent.OpenSessionAsync(0), await agent.OpenSessionAsync(2) };
        Assert.Equal(2, (await SessionIdsAsync(1, agent)).Count);
        foreach (var session in sessions)
            Assert.True((await IntrospectAsync(1, session.RefreshToken)).GetProperty("active").GetBoolean(), "a live session's refresh token is active");

        var terminated = await ActAsync(1, agent, "terminate", new JsonObject { ["reason"] = "retired" });
        Assert.Equal("terminated", terminated.GetProperty("state").GetString());
        Assert.Equal(0, terminated.GetProperty("live_sessions").GetInt32());

        string[] accessTokens = [.. tokens, .. sessions.Select(s => s.AccessToken)];
        await AssertInactiveOnEverySiloAsync("token of a terminated agent", accessTokens);
        await AssertInactiveOnEverySiloAsync("refresh token of an ended session", [.. sessions.Select(s => s.RefreshToken)]);
        for (var silo = 0; silo < SiloCount; silo++)
            Assert.Empty(await SessionIdsAsync(silo, agent));
        foreach (var session in sessions)
            await AssertNoSiloRefreshesAsync(agent, session.RefreshToken, "terminated");
        await AssertNoSiloIssuesAsync(agent, "terminated");
        await ToolsEventuallyAnswerAsync(ToolServer.ReadPath, HttpStatusCode.Unauthorized, "token of a terminated agent", accessTokens);

        await ActAsync(0, agent, "resume", new JsonObject { ["reason"] = "too late" }, HttpStatusCode.Conflict);
    }

    /// <summary>
    /// Scope reduction lowers the ceiling of live and future tokens: every silo reports the reduced scope for tokens
    /// issued before, new tokens never exceed it, and each tool narrows the agent's tokens once the token-claims-change
    /// arrives. Restoring lifts the ceiling for new tokens on every silo and every tool.
    /// </summary>
    [AzuriteFact]
    public async Task ReduceScope_EverySiloReportsAndCapsIt_RestoreLiftsItForNewTokens()
    {
        using var agent = await ClusterAgent.CreateAsync(fixture, "narrowed");
        var tokens = new[] { await agent.IssueAsync(0), await agent.IssueAsync(1), await agent.IssueAsync(2) };
        await ToolsAnswerAsync(ToolServer.EditPath, HttpStatusCode.OK, "token", tokens);

        var reduced = await ActAsync(2, agent, "reduce-scope", new JsonObject { ["scope"] = Read, ["reason"] = "anomalous writes" });
        Assert.Equal("scope_reduced", reduced.GetProperty("state").GetString());
        Assert.Equal(Read, reduced.GetProperty("scope_ceiling").GetString());

        await AssertActiveOnEverySiloAsync("token issued before the reduction", Read, tokens);
        for (var silo = 0; silo < SiloCount; silo++)
        {
            var capped = await agent.IssueAsync(silo, SignalClusterFixture.Scopes);
            Assert.Equal(Read, Claims(capped).GetProperty("scope").GetString());
            await AssertActiveOnEverySiloAsync("token issued under the reduced ceiling", Read, capped);

            var (status, refused, text) = await agent.RequestTokenAsync(silo, "write:reports");
            Assert.True(status == HttpStatusCode.BadRequest, $"a write token via {fixture.Silos[silo].Name} under a read ceiling: {(int)status} {text}");
            Assert.Equal("invalid_scope", refused.GetProperty("error").GetString());
        }

        await ToolsEventuallyAnswerAsync(ToolServer.EditPath, HttpStatusCode.Forbidden, "token of a scope-reduced agent", tokens);
        await ToolsAnswerAsync(ToolServer.ReadPath, HttpStatusCode.OK, "token of a scope-reduced agent", tokens);

        var restored = await ActAsync(0, agent, "restore-scope", new JsonObject { ["reason"] = "writes explained" });
        Assert.Equal("active", restored.GetProperty("state").GetString());

        var full = new[] { await agent.IssueAsync(0), await agent.IssueAsync(1), await agent.IssueAsync(2) };
        foreach (var token in full)
            Assert.Equal(SignalClusterFixture.Scopes, Claims(token).GetProperty("scope").GetString());
        await AssertActiveOnEverySiloAsync("token issued after the restore", SignalClusterFixture.Scopes, full);
        await ToolsEventuallyAnswerAsync(ToolServer.EditPath, HttpStatusCode.OK, "token issued after the restore", full);

        // A restore revokes nothing: what was issued under the reduction stays active (its scope is not asserted: a
        // token grain that saw the reduction keeps it narrowed in memory, one activated since reports its own claim).
        for (var silo = 0; silo < SiloCount; silo++)
        {
            foreach (var token in tokens)
                Assert.True((await IntrospectAsync(silo, token)).GetProperty("active").GetBoolean());
        }

        output.WriteLine($"agent {agent.Id}: reduced via silo-3, restored via silo-1");
    }
}
