using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Aims.Core.Agents;
using Aims.Core.Attestation;
using Aims.Core.Identity;
using Aims.Grains.Agents;
using Aims.Grains.Audit;
using Aims.Grains.JoinTokens;
using Aims.Grains.Nodes;
using Aims.Grains.Policies;
using Aims.Grains.Registration;
using Aims.Grains.Tests.Agents;
using Aims.Grains.Tests.Cluster;
using Aims.Grains.Tests.Policies;
using static Aims.Grains.Tests.Registration.RegistrationEntryRequests;

namespace Aims.Grains.Tests.Nodes;

/// <summary>
/// A node agent attests with a join token, then obtains its workloads' SVIDs: only for its own entries, only when
/// the attested process shows every selector of the entry, only while the node and the workload are in good standing.
/// </summary>
[Collection(AimsClusterCollection.Name)]
public sealed class NodeGrainTests(AimsClusterFixture fixture)
{
    private static readonly string[] Process = ["unix:uid:1000", "unix:gid:100", "unix:path:/usr/bin/web", "unix:sha256:" + new string('a', 64)];

    [Fact]
    public async Task AttestAsync_JoinTokenOfThisNode_NodeSvidIssuedAndNodeActive()
    {
        var node = await RegisteredNodeAsync();
        using var key = AgentRequests.NewKey();

        var result = await Node(node).AttestAsync(new NodeAttestation(await JoinTokenAsync(node), AgentRequests.CsrPem(key), "corr-node"));

        Assert.True(result.Issued, result.Failure?.Detail);
        using var leaf = X509Certificate2.CreateFromPem(result.X509Svid!.ChainPem);
        Assert.Contains(node.ToString(), leaf.Extensions["2.5.29.17"]!.Format(false), StringComparison.Ordinal);
        var view = await Agent(node).GetAsync();
        Assert.Equal(AgentState.Active, view!.State);
        Assert.Equal([JoinTokenRules.EvidenceType], view.Attestation!.EvidenceTypes);
    }

    [Fact]
    public async Task AttestAsync_TokenOfAnotherAgent_ForbiddenAuditedAndTokenSpent()
    {
        var (node, other) = (await RegisteredNodeAsync(), await RegisteredNodeAsync());
        var token = await JoinTokenAsync(other);
        using var key = AgentRequests.NewKey();

        var result = await Node(node).AttestAsync(new NodeAttestation(token, AgentRequests.CsrPem(key), "corr-node"));

        Assert.False(result.Issued);
        Assert.Equal($"the join token belongs to {other}, not to node {node}", result.Failure!.Detail);
        Assert.Equal(AgentState.Registered, (await Agent(node).GetAsync())!.State);
        Assert.Contains(await AuditAsync(node), r => r.Action == "agent.attest" && r.Decision == "Denied");
        Assert.False((await fixture.GrainFactory.GetGrain<IJoinTokenGrain>(GrainKeys.JoinToken(token)).RedeemAsync()).Accepted);
    }

    [Fact]
    public async Task AttestAsync_TokenReplayed_Forbidden()
    {
        var node = await RegisteredNodeAsync();
        var token = await JoinTokenAsync(node);
        using var key = AgentRequests.NewKey();
        Assert.True((await Node(node).AttestAsync(new NodeAttestation(token, AgentRequests.CsrPem(key), "corr-node"))).Issued);

        var replay = await Node(node).AttestAsync(new NodeAttestation(token, AgentRequests.CsrPem(key), "corr-node"));

        Assert.False(replay.Issued);
        Assert.Contains("already used", replay.Failure!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttestAsync_UnknownToken_Forbidden()
    {
        var node = await RegisteredNodeAsync();
        using var key = AgentRequests.NewKey();

        var result = await Node(node).AttestAsync(new NodeAttestation(JoinTokenRules.NewToken(), AgentRequests.CsrPem(key), "corr-node"));

        Assert.Contains("the join token is unknown", result.Failure!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListEntriesAsync_AttestedNode_OnlyItsOwnEntries()
    {
        var (node, serial) = await AttestedNodeAsync();
        var mine = await CreatedAsync(fixture.GrainFactory, Create(NewWorkloadId("list-mine"), node, ["unix:uid:1000"]));
        await CreatedAsync(fixture.GrainFactory, Create(NewWorkloadId("list-other"), NewNodeId(), ["unix:uid:1000"]));

        var list = await Node(node).ListEntriesAsync(serial);

        Assert.Null(list.Refusal);
        Assert.Equal([mine.Id], list.Entries.Select(e => e.Id));
    }

    [Fact]
    public async Task ListEntriesAsync_SerialNotTheNodes_Refused()
    {
        var (node, _) = await AttestedNodeAsync();

        var list = await Node(node).ListEntriesAsync("0badc0de");

        Assert.Contains("not a live X509-SVID of node", list.Refusal, StringComparison.Ordinal);
        Assert.Empty(list.Entries);
    }

    [Fact]
    public async Task ListEntriesAsync_NodeNeverAttested_Refused()
    {
        var node = await RegisteredNodeAsync();

        var list = await Node(node).ListEntriesAsync("0badc0de");

        Assert.Contains($"node {node} has not attested", list.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssueWorkloadSvidAsync_ProcessShowsEntrySelectors_SvidsWithEntryCapsAndNodeEvidencePlusUnix()
    {
        var (node, serial) = await AttestedNodeAsync();
        var workload = await WorkloadAgentAsync("issue-ok");
        var entry = await CreatedAsync(fixture.GrainFactory,
            Create(workload, node, ["unix:uid:1000", Process[3]], x509TtlSeconds: 120, jwtTtlSeconds: 60, dnsNames: ["web.internal"]));
        using var key = AgentRequests.NewKey();

        var result = await Node(node).IssueWorkloadSvidAsync(new WorkloadSvidRequest(
            serial, entry.Id, Process, AgentRequests.CsrPem(key), [AgentRequests.Audience], "corr-workload"));

        Assert.True(result.Issued, result.Failure?.Detail);
        using var leaf = X509Certificate2.CreateFromPem(result.X509Svid!.ChainPem);
        var san = leaf.Extensions["2.5.29.17"]!.Format(false);
        Assert.Contains(workload.ToString(), san, StringComparison.Ordinal);
        Assert.Contains("web.internal", san, StringComparison.Ordinal);
        Assert.InRange(result.X509Svid.ExpiresAt - fixture.Clock.GetUtcNow(), TimeSpan.FromSeconds(119), TimeSpan.FromSeconds(120));
        var jwt = Assert.Single(result.JwtSvids);
        Assert.Equal(fixture.Clock.GetUtcNow().AddSeconds(60), jwt.ExpiresAt);
        var view = await Agent(workload).GetAsync();
        Assert.Equal(AgentState.Active, view!.State);
        Assert.Equal(["join_token", "unix"], view.Attestation!.EvidenceTypes);
        var attest = Assert.Single(await AuditAsync(workload), r => r.Action == "workload.attest");
        Assert.Equal("Allowed", attest.Decision);
        Assert.Equal(node.ToString(), attest.Actor);
        Assert.Contains(Process[3], attest.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssueWorkloadSvidAsync_ProcessLacksASelector_ForbiddenAndAudited()
    {
        var (node, serial) = await AttestedNodeAsync();
        var workload = await WorkloadAgentAsync("issue-missing-selector");
        var entry = await CreatedAsync(fixture.GrainFactory, Create(workload, node, ["unix:uid:1000", "unix:sha256:" + new string('b', 64)]));
        using var key = AgentRequests.NewKey();

        var result = await Node(node).IssueWorkloadSvidAsync(new WorkloadSvidRequest(serial, entry.Id, Process, AgentRequests.CsrPem(key), [], "corr-workload"));

        Assert.False(result.Issued);
        Assert.Equal(IssuanceFailureKind.Forbidden, result.Failure!.Kind);
        Assert.Contains("does not show selector(s) unix:sha256:bbbb", result.Failure.Detail, StringComparison.Ordinal);
        Assert.Contains(await AuditAsync(workload), r => r.Action == "workload.attest" && r.Decision == "Denied");
        Assert.Equal(AgentState.Registered, (await Agent(workload).GetAsync())!.State);
    }

    [Fact]
    public async Task IssueWorkloadSvidAsync_EntryOfAnotherNode_Forbidden()
    {
        var (node, serial) = await AttestedNodeAsync();
        var owner = NewNodeId();
        var entry = await CreatedAsync(fixture.GrainFactory, Create(await WorkloadAgentAsync("issue-other-node"), owner, ["unix:uid:1000"]));

        var result = await Node(node).IssueWorkloadSvidAsync(new WorkloadSvidRequest(serial, entry.Id, Process, null, [AgentRequests.Audience], "corr-workload"));

        Assert.Equal($"registration entry {entry.Id} belongs to node {owner}, not to {node}", result.Failure!.Detail);
    }

    [Fact]
    public async Task IssueWorkloadSvidAsync_EntryDeleted_Forbidden()
    {
        var (node, serial) = await AttestedNodeAsync();
        var command = Create(await WorkloadAgentAsync("issue-deleted"), node, ["unix:uid:1000"]);
        var entry = await CreatedAsync(fixture.GrainFactory, command);
        await Grain(fixture.GrainFactory, command).DeleteAsync(AgentRequests.Admin());

        var result = await Node(node).IssueWorkloadSvidAsync(new WorkloadSvidRequest(serial, entry.Id, Process, null, [AgentRequests.Audience], "corr-workload"));

        Assert.Contains($"registration entry {entry.Id} does not exist", result.Failure!.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("suspend", "is suspended; its workloads get no SVIDs")]
    [InlineData("compromise", "is compromised; its workloads get no SVIDs")]
    [InlineData("terminate", "is terminated; its workloads get no SVIDs")]
    public async Task IssueWorkloadSvidAsync_NodeNoLongerInGoodStanding_Forbidden(string action, string reason)
    {
        var (node, serial) = await AttestedNodeAsync();
        var entry = await CreatedAsync(fixture.GrainFactory, Create(await WorkloadAgentAsync("issue-bad-node"), node, ["unix:uid:1000"]));
        await ActAsync(node, action);

        var result = await Node(node).IssueWorkloadSvidAsync(new WorkloadSvidRequest(serial, entry.Id, Process, null, [AgentRequests.Audience], "corr-workload"));

        Assert.Contains(reason, result.Failure!.Detail, StringComparison.Ordinal);
        Assert.NotNull((await Node(node).ListEntriesAsync(serial)).Refusal);
    }

    [Theory]
    [InlineData("suspend", "is suspended; it gets no SVIDs")]
    [InlineData("compromise", "is compromised; it gets no SVIDs")]
    public async Task IssueWorkloadSvidAsync_WorkloadIdentityNoLongerInGoodStanding_Forbidden(string action, string reason)
    {
        var (node, serial) = await AttestedNodeAsync();
        var workload = await WorkloadAgentAsync("issue-bad-workload");
        var entry = await CreatedAsync(fixture.GrainFactory, Create(workload, node, ["unix:uid:1000"]));
        await ActAsync(workload, action);

        var result = await Node(node).IssueWorkloadSvidAsync(new WorkloadSvidRequest(serial, entry.Id, Process, null, [AgentRequests.Audience], "corr-workload"));

        Assert.Contains(reason, result.Failure!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssueWorkloadSvidAsync_PolicyDoesNotAllowUnix_ForbiddenByPolicy()
    {
        var (node, serial) = await AttestedNodeAsync();
        var entry = await CreatedAsync(fixture.GrainFactory, Create(NewWorkloadId("issue-default-policy"), node, ["unix:uid:1000"]));

        var result = await Node(node).IssueWorkloadSvidAsync(new WorkloadSvidRequest(serial, entry.Id, Process, null, [AgentRequests.Audience], "corr-workload"));

        Assert.False(result.Issued);
        Assert.Contains("unix", result.Failure!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenewAsync_LiveSerial_NewNodeSvidAndBothSerialsAccepted()
    {
        var (node, serial) = await AttestedNodeAsync();
        using var key = AgentRequests.NewKey();

        var renewed = await Node(node).RenewAsync(new NodeRenewal(serial, AgentRequests.CsrPem(key), "corr-renew"));

        Assert.True(renewed.Issued, renewed.Failure?.Detail);
        Assert.NotEqual(serial, renewed.X509Svid!.SerialNumber);
        Assert.Null((await Node(node).ListEntriesAsync(renewed.X509Svid.SerialNumber)).Refusal);
        Assert.Null((await Node(node).ListEntriesAsync(serial)).Refusal);
    }

    [Fact]
    public async Task RenewAsync_UnknownSerial_Forbidden()
    {
        var (node, _) = await AttestedNodeAsync();
        using var key = AgentRequests.NewKey();

        var renewed = await Node(node).RenewAsync(new NodeRenewal("0badc0de", AgentRequests.CsrPem(key), "corr-renew"));

        Assert.False(renewed.Issued);
        Assert.Contains("not a live X509-SVID", renewed.Failure!.Detail, StringComparison.Ordinal);
    }

    private async Task<SpiffeId> RegisteredNodeAsync()
    {
        var node = NewNodeId();
        await Agent(node).RegisterAsync(AgentRequests.Register(selectors: []));
        return node;
    }

    private async Task<string> JoinTokenAsync(SpiffeId node)
    {
        var token = JoinTokenRules.NewToken();
        var created = await fixture.GrainFactory.GetGrain<IJoinTokenGrain>(GrainKeys.JoinToken(token)).CreateAsync(node.ToString(), TimeSpan.FromMinutes(10), "operator", "corr-join");
        return created.Created ? token : throw new InvalidOperationException(created.Error);
    }

    private async Task<(SpiffeId Node, string Serial)> AttestedNodeAsync()
    {
        var node = await RegisteredNodeAsync();
        using var key = AgentRequests.NewKey();
        var result = await Node(node).AttestAsync(new NodeAttestation(await JoinTokenAsync(node), AgentRequests.CsrPem(key), "corr-node"));
        return result.Issued ? (node, result.X509Svid!.SerialNumber) : throw new InvalidOperationException(result.Failure!.Detail);
    }

    /// <summary>A workload agent whose policy accepts its node's join_token plus the node agent's unix attestation.</summary>
    private async Task<SpiffeId> WorkloadAgentAsync(string name)
    {
        var rule = new Dictionary<string, object>
        {
            ["match"] = TestPolicies.Match,
            ["attestation"] = new Dictionary<string, object> { ["allowed"] = new[] { "join_token", "unix" }, ["required"] = new[] { "unix" } },
            ["audiences"] = new[] { AgentRequests.Audience },
        };
        var policy = await TestPolicies.PutNewAsync(fixture.GrainFactory, JsonSerializer.Serialize(new { rules = new[] { rule } }));
        var workload = NewWorkloadId(name);
        await Agent(workload).RegisterAsync(AgentRequests.Register(policy));
        return workload;
    }

    private Task<AgentView> ActAsync(SpiffeId id, string action) => action switch
    {
        "suspend" => Agent(id).SuspendAsync(AgentRequests.Admin()),
        "compromise" => Agent(id).CompromiseAsync(AgentRequests.Admin("test")),
        "terminate" => Agent(id).TerminateAsync(AgentRequests.Admin()),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    private INodeGrain Node(SpiffeId id) => fixture.GrainFactory.GetGrain<INodeGrain>(GrainKeys.Node(id));

    private IAgentGrain Agent(SpiffeId id) => fixture.GrainFactory.GetGrain<IAgentGrain>(GrainKeys.Agent(id));

    private Task<IReadOnlyList<AuditRecordView>> AuditAsync(SpiffeId id) =>
        fixture.GrainFactory.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(AimsClusterFixture.TrustDomain)).QueryAsync(id.ToString(), null, 0, 1000);
}
