using Aims.Core.Agents;
using Aims.Core.Identity;
using Aims.Core.Policy;
using Aims.Core.StateMachines;
using Aims.Grains.Agents;
using Aims.Grains.Audit;
using Aims.Grains.Tests.Cluster;

namespace Aims.Grains.Tests.Agents;

/// <summary>Registration and the admin lifecycle: Registered → (Attested → Active) ⇄ Suspended → Terminated.</summary>
[Collection(AimsClusterCollection.Name)]
public sealed partial class AgentGrainTests(AimsClusterFixture fixture)
{
    [Fact]
    public async Task RegisterAsync_NewAgent_IsRegisteredUnderTheDefaultPolicy()
    {
        var id = AimsClusterFixture.NewAgentId("register");
        var now = fixture.Clock.GetUtcNow();

        var view = await Agent(id).RegisterAsync(AgentRequests.Register());

        Assert.NotNull(view);
        Assert.Equal(id.ToString(), view.SpiffeId);
        Assert.Equal(AgentState.Registered, view.State);
        Assert.Equal(BuiltInPolicies.DefaultName, view.Policy);
        Assert.Equal(["unix:uid:1000"], view.Selectors);
        Assert.Equal("grain-tests", view.Metadata["team"]);
        Assert.Equal(now, view.CreatedAt);
        Assert.Equal(now, view.UpdatedAt);
        Assert.Null(view.Attestation);
        Assert.Equal(0, view.LiveCredentials);
        var stored = await Agent(id).GetAsync();
        Assert.NotNull(stored);
        Assert.Equal(AgentState.Registered, stored.State);
        Assert.Equal(now, stored.CreatedAt);
    }

    [Fact]
    public async Task RegisterAsync_AlreadyRegistered_ReturnsNullAndKeepsTheFirstRegistration()
    {
        var policy = await TestPolicyAsync();
        var (id, agent) = await RegisteredAsync("register-twice", policy);

        var second = await agent.RegisterAsync(AgentRequests.Register());

        Assert.Null(second);
        Assert.Equal(policy, (await agent.GetAsync())!.Policy);
        Assert.Single(await AuditAsync(id), r => r.Action == "agent.register");
    }

    [Fact]
    public async Task GetAsync_NeverRegistered_ReturnsNull()
    {
        Assert.Null(await Agent(AimsClusterFixture.NewAgentId("never")).GetAsync());
    }

    [Fact]
    public async Task RegisterAsync_NewAgent_ListedInTheTrustDomainDirectoryAndAudited()
    {
        var id = AimsClusterFixture.NewAgentId("directory");

        await Agent(id).RegisterAsync(AgentRequests.Register());

        var directory = fixture.GrainFactory.GetGrain<IAgentDirectoryGrain>(GrainKeys.AgentDirectory(AimsClusterFixture.TrustDomain));
        Assert.Equal([id.ToString()], await directory.ListAsync(id.ToString(), null, 10));
        var record = Assert.Single(await AuditAsync(id));
        Assert.Equal("agent.register", record.Action);
        Assert.Equal("Allowed", record.Decision);
        Assert.Equal("operator", record.Actor);
        Assert.Equal("corr-register", record.CorrelationId);
        Assert.Equal("policy default", record.Detail);
    }

    [Fact]
    public async Task SuspendAsync_Registered_IsSuspended()
    {
        var (_, agent) = await RegisteredAsync("suspend");

        var view = await agent.SuspendAsync(AgentRequests.Admin("investigating"));

        Assert.Equal(AgentState.Suspended, view.State);
        Assert.Equal(AgentState.Suspended, (await agent.GetAsync())!.State);
    }

    [Fact]
    public async Task SuspendAsync_Registered_AuditsTheMoveWithItsCause()
    {
        var (id, agent) = await RegisteredAsync("suspend-audit");

        await agent.SuspendAsync(AgentRequests.Admin("investigating"));

        var record = Assert.Single(await AuditAsync(id), r => r.Action == "agent.suspend");
        Assert.Equal("investigating", record.Cause);
        Assert.StartsWith("Registered -> Suspended; everything issued up to ", record.Detail, StringComparison.Ordinal);
        Assert.Equal("corr-admin", record.CorrelationId);
    }

    [Fact]
    public async Task ResumeAsync_SuspendedBeforeAttesting_ReturnsToRegistered()
    {
        var (_, agent) = await RegisteredAsync("resume");
        await agent.SuspendAsync(AgentRequests.Admin());

        var view = await agent.ResumeAsync(AgentRequests.Admin());

        Assert.Equal(AgentState.Registered, view.State);
    }

    [Fact]
    public async Task ResumeAsync_NotSuspended_ThrowsInvalidTransitionAndKeepsTheState()
    {
        var (_, agent) = await RegisteredAsync("resume-active");
        await agent.SuspendAsync(AgentRequests.Admin());
        await agent.ResumeAsync(AgentRequests.Admin());

        // The exception crosses the silo boundary as itself because AddAimsGrains (and the test client) let Orleans
        // serialize Aims.* exceptions; only the message travels, not the Machine/From/Action properties.
        var e = await Assert.ThrowsAsync<InvalidTransitionException>(() => agent.ResumeAsync(AgentRequests.Admin()));

        Assert.Equal("agent cannot resume from state Registered.", e.Message);
        Assert.Equal(AgentState.Registered, (await agent.GetAsync())!.State);
    }

    [Fact]
    public async Task ResumeAsync_Registered_ThrowsInvalidTransition()
    {
        var (_, agent) = await RegisteredAsync("resume-registered");

        var e = await Assert.ThrowsAsync<InvalidTransitionException>(() => agent.ResumeAsync(AgentRequests.Admin()));

        Assert.Equal("agent cannot resume from state Registered.", e.Message);
    }

    [Fact]
    public async Task SuspendAsync_AlreadySuspended_ThrowsInvalidTransition()
    {
        var (_, agent) = await RegisteredAsync("suspend-twice");
        await agent.SuspendAsync(AgentRequests.Admin());

        await Assert.ThrowsAsync<InvalidTransitionException>(() => agent.SuspendAsync(AgentRequests.Admin()));
    }

    [Fact]
    public async Task TerminateAsync_Suspended_IsTerminated()
    {
        var (_, agent) = await RegisteredAsync("terminate");
        await agent.SuspendAsync(AgentRequests.Admin());

        var view = await agent.TerminateAsync(AgentRequests.Admin("decommissioned"));

        Assert.Equal(AgentState.Terminated, view.State);
    }

    [Fact]
    public async Task TerminateAsync_Twice_ThrowsInvalidTransition()
    {
        var (_, agent) = await RegisteredAsync("terminate-twice");
        await agent.TerminateAsync(AgentRequests.Admin());

        var e = await Assert.ThrowsAsync<InvalidTransitionException>(() => agent.TerminateAsync(AgentRequests.Admin()));

        Assert.Equal("agent cannot terminate from state Terminated.", e.Message);
        Assert.Equal(AgentState.Terminated, (await agent.GetAsync())!.State);
    }

    [Fact]
    public async Task ResumeAsync_Terminated_ThrowsInvalidTransition()
    {
        var (_, agent) = await RegisteredAsync("terminated-final");
        await agent.TerminateAsync(AgentRequests.Admin());

        await Assert.ThrowsAsync<InvalidTransitionException>(() => agent.ResumeAsync(AgentRequests.Admin()));
        await Assert.ThrowsAsync<InvalidTransitionException>(() => agent.SuspendAsync(AgentRequests.Admin()));
    }

    [Fact]
    public async Task SuspendAsync_NeverRegistered_ThrowsKeyNotFound()
    {
        var id = AimsClusterFixture.NewAgentId("suspend-unknown");

        var e = await Assert.ThrowsAsync<KeyNotFoundException>(() => Agent(id).SuspendAsync(AgentRequests.Admin()));

        Assert.Equal($"Agent {id} is not registered.", e.Message);
    }

    private IAgentGrain Agent(SpiffeId id) => fixture.GrainFactory.GetGrain<IAgentGrain>(GrainKeys.Agent(id));

    private async Task<(SpiffeId Id, IAgentGrain Agent)> RegisteredAsync(string name, string? policy = null)
    {
        var id = AimsClusterFixture.NewAgentId(name);
        var agent = Agent(id);
        Assert.NotNull(await agent.RegisterAsync(AgentRequests.Register(policy)));
        return (id, agent);
    }

    private Task<string> TestPolicyAsync(int? x509SvidTtlSeconds = null, int? jwtSvidTtlSeconds = null, int? witTtlSeconds = null) =>
        Policies.TestPolicies.PutNewAsync(
            fixture.GrainFactory,
            Policies.TestPolicies.Json([AgentRequests.Audience], x509SvidTtlSeconds, jwtSvidTtlSeconds, witTtlSeconds));

    /// <summary>The agent's records in the trust domain's audit log, oldest first.</summary>
    private Task<IReadOnlyList<AuditRecordView>> AuditAsync(SpiffeId id) =>
        fixture.GrainFactory.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(AimsClusterFixture.TrustDomain)).QueryAsync(id.ToString(), null, 0, 1000);
}
