using Aims.Core.Agents;
using Aims.Core.Credentials;
using Aims.Grains.Agents;
using Aims.Grains.Tests.Cluster;
using Orleans.Core.Internal;

namespace Aims.Grains.Tests.Agents;

/// <summary>A move: the new ID registered like the old, the old one terminated, both durable; an interrupted move completes when asked again.</summary>
public sealed partial class AgentGrainTests
{
    [Fact]
    public async Task MoveAsync_ActiveAgent_NewIdRegisteredLikeTheOldOldTerminatedAndItsCertificateRevokedDurably()
    {
        var policy = await TestPolicyAsync();
        var (id, agent) = await RegisteredAsync("move-active", policy);
        using var key = AgentRequests.NewKey();
        var issued = await agent.AttestAndIssueAsync(AgentRequests.IssueAll(key));
        var target = AimsClusterFixture.NewAgentId("move-active-target");

        var result = await agent.MoveAsync(new AgentMove(target.ToString(), "operator", "corr-move", "reorganised"));

        Assert.Equal(AgentMoveOutcome.Moved, result.Outcome);
        Assert.Equal(AgentState.Terminated, result.Source.State);
        Assert.Equal(target.ToString(), result.Source.MovedTo);
        var moved = result.Target!;
        Assert.Equal((target.ToString(), AgentState.Registered, policy, id.ToString()), (moved.SpiffeId, moved.State, moved.Policy, moved.MovedFrom));
        Assert.Equal(["unix:uid:1000"], moved.Selectors);
        Assert.Equal("grain-tests", moved.Metadata["team"]);
        Assert.Null(moved.Attestation);
        Assert.Empty(await Agent(target).GetCredentialsAsync());
        Assert.Equal(CredentialState.Revoked, (await Credential(issued.X509Svid!.SerialNumber).GetAsync())!.State);

        await agent.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        await Agent(target).AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var reloaded = (await agent.GetAsync())!;
        Assert.Equal((AgentState.Terminated, target.ToString()), (reloaded.State, reloaded.MovedTo));
        Assert.Equal(id.ToString(), (await Agent(target).GetAsync())!.MovedFrom);
        var revocation = await agent.GetRevocationAsync();
        Assert.Equal(AgentState.Terminated, revocation.State);
        Assert.NotNull(revocation.RevokedBefore);
    }

    [Fact]
    public async Task MoveAsync_InterruptedAfterTheNewIdWasRegistered_CompletesWhenAskedAgain()
    {
        var (id, agent) = await RegisteredAsync("move-retry");
        var target = AimsClusterFixture.NewAgentId("move-retry-target");
        Assert.NotNull(await Agent(target).RegisterAsync(AgentRequests.Register() with { MovedFrom = id.ToString() }));

        var result = await agent.MoveAsync(new AgentMove(target.ToString(), "operator", "corr-move-retry"));

        Assert.Equal(AgentMoveOutcome.Moved, result.Outcome);
        Assert.Equal(AgentState.Terminated, result.Source.State);
        Assert.Single(await AuditAsync(target), r => r.Action == "agent.register");
    }

    [Fact]
    public async Task MoveAsync_OntoAnotherAgentsId_ChangesNothing()
    {
        var (_, agent) = await RegisteredAsync("move-taken");
        var (taken, _) = await RegisteredAsync("move-taken-target");

        var result = await agent.MoveAsync(new AgentMove(taken.ToString(), "operator", "corr-move-taken"));

        Assert.Equal(AgentMoveOutcome.TargetTaken, result.Outcome);
        Assert.Null(result.Target);
        Assert.Equal(AgentState.Registered, (await agent.GetAsync())!.State);
        Assert.Null((await Agent(taken).GetAsync())!.MovedFrom);
    }

    [Fact]
    public async Task MoveAsync_ScopeReducedAgent_IsRefusedAndRegistersNothing()
    {
        var (_, agent) = await RegisteredAsync("move-reduced", await TestPolicyAsync());
        using var key = AgentRequests.NewKey();
        await agent.AttestAndIssueAsync(AgentRequests.IssueAll(key));
        await agent.ReduceScopeAsync(new ScopeReduction("read", "anomaly", "operator", "corr-reduce"));
        var target = AimsClusterFixture.NewAgentId("move-reduced-target");

        var result = await agent.MoveAsync(new AgentMove(target.ToString(), "operator", "corr-move-reduced"));

        Assert.Equal(AgentMoveOutcome.SourceNotMovable, result.Outcome);
        Assert.Contains("restore its scope first", result.Detail, StringComparison.Ordinal);
        Assert.Equal(AgentState.ScopeReduced, result.Source.State);
        Assert.Null(await Agent(target).GetAsync());
    }
}
