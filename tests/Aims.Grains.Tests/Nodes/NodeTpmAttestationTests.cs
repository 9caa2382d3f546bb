using System.Text.Json;
using Aims.Core.Agents;
using Aims.Core.Identity;
using Aims.Grains.Agents;
using Aims.Grains.Attestation;
using Aims.Grains.Audit;
using Aims.Grains.Nodes;
using Aims.Grains.Tests.Agents;
using Aims.Grains.Tests.Cluster;
using Aims.Grains.Tests.Policies;
using Aims.Testing;
using static Aims.Grains.Tests.Registration.RegistrationEntryRequests;

namespace Aims.Grains.Tests.Nodes;

/// <summary>
/// A node attests with a TPM quote over the cluster's nonce (a real swtpm, quoted with tpm2-tools as the node agent
/// does), re-attests with a fresh quote at renewal, and its workloads' evidence is tpm + unix. Refusals name the rule.
/// Skipped without swtpm/tpm2-tools unless AIMS_REQUIRE_TPM=1.
/// </summary>
[Collection(AimsClusterCollection.Name)]
public sealed class NodeTpmAttestationTests(AimsClusterFixture fixture, NodeTpm tpm) : IClassFixture<NodeTpm>
{
    private static readonly string[] Process = ["unix:uid:1000", "unix:path:/usr/bin/pay", "unix:sha256:" + new string('c', 64)];

    [TpmFact]
    public async Task AttestAsync_QuoteOverClusterNonceByAkEnrolledForTheNode_AttestedWithTpmSelectors()
    {
        var node = await TpmNodeAsync();
        using var key = AgentRequests.NewKey();
        var challenge = await Node(node).ChallengeAsync();

        var result = await Node(node).AttestAsync(new NodeAttestation(null, AgentRequests.CsrPem(key), "corr-tpm") { Tpm = await tpm.QuoteAsync(tpm.EcAk, challenge.Nonce) });

        Assert.True(result.Issued, result.Failure?.Detail);
        var attestation = (await Agent(node).GetAsync())!.Attestation!;
        Assert.Equal(["tpm"], attestation.EvidenceTypes);
        var selectors = Assert.Single(attestation.Evidence!).Selectors;
        Assert.Contains($"tpm:ak:{tpm.EcAk.Id}", selectors);
        Assert.Contains(selectors, s => s.StartsWith("tpm:pcr:16:", StringComparison.Ordinal));
    }

    [TpmFact]
    public async Task AttestAsync_QuoteOverAnotherNonceThanPresented_RefusedByNonceRuleAndAudited()
    {
        var node = await TpmNodeAsync();
        using var key = AgentRequests.NewKey();
        var quoted = await Node(node).ChallengeAsync();
        var presented = await Node(node).ChallengeAsync();

        var quote = await tpm.QuoteAsync(tpm.EcAk, quoted.Nonce) with { Nonce = presented.Nonce };
        var result = await Node(node).AttestAsync(new NodeAttestation(null, AgentRequests.CsrPem(key), "corr-tpm") { Tpm = quote });

        Assert.False(result.Issued);
        Assert.StartsWith("tpm.nonce: ", result.Failure!.Detail, StringComparison.Ordinal);
        Assert.Equal(AgentState.Registered, (await Agent(node).GetAsync())!.State);
        Assert.Contains(await AuditAsync(node), r => r.Action == "agent.attest" && r.Decision == "Denied" && r.Detail!.StartsWith("tpm.nonce: ", StringComparison.Ordinal));
    }

    [TpmFact]
    public async Task AttestAsync_NonceTheClusterNeverIssued_RefusedByChallengeRule()
    {
        var node = await TpmNodeAsync();
        using var key = AgentRequests.NewKey();

        var result = await Node(node).AttestAsync(new NodeAttestation(null, AgentRequests.CsrPem(key), "corr-tpm") { Tpm = await tpm.QuoteAsync(tpm.EcAk, NodeTpm.InventedNonce()) });

        Assert.False(result.Issued);
        Assert.StartsWith("tpm.challenge: the nonce is unknown", result.Failure!.Detail, StringComparison.Ordinal);
    }

    [TpmFact]
    public async Task AttestAsync_AkNeverEnrolled_RefusedByKeyRuleAndAudited()
    {
        var node = await TpmNodeAsync();
        using var key = AgentRequests.NewKey();
        var challenge = await Node(node).ChallengeAsync();

        var result = await Node(node).AttestAsync(new NodeAttestation(null, AgentRequests.CsrPem(key), "corr-tpm") { Tpm = await tpm.QuoteAsync(tpm.StrayAk, challenge.Nonce) });

        Assert.False(result.Issued);
        Assert.StartsWith($"tpm.key: attestation key {tpm.StrayAk.Id} is not enrolled", result.Failure!.Detail, StringComparison.Ordinal);
        Assert.Contains(await AuditAsync(node), r => r.Action == "agent.attest" && r.Decision == "Denied" && r.Resource == "evidence:tpm");
    }

    [TpmFact]
    public async Task AttestAsync_AkEnrolledForAnotherAgent_Refused()
    {
        var other = await TpmNodeAsync();
        var node = await TpmNodeAsync(enrol: false);
        using var key = AgentRequests.NewKey();
        var challenge = await Node(node).ChallengeAsync();

        var result = await Node(node).AttestAsync(new NodeAttestation(null, AgentRequests.CsrPem(key), "corr-tpm") { Tpm = await tpm.QuoteAsync(tpm.EcAk, challenge.Nonce) });

        Assert.False(result.Issued);
        Assert.Equal($"tpm.key: attestation key {tpm.EcAk.Id} is enrolled for {other}, not for node {node}", result.Failure!.Detail);
    }

    [TpmFact]
    public async Task RenewAsync_TpmNodeWithoutAFreshQuote_RefusedAndWithOne_ReattestedWithTheNewQuote()
    {
        var (node, serial) = await TpmAttestedNodeAsync();
        var before = (await Agent(node).GetAsync())!.Attestation!;
        using var key = AgentRequests.NewKey();

        var stale = await Node(node).RenewAsync(new NodeRenewal(serial, AgentRequests.CsrPem(key), "corr-renew"));
        Assert.False(stale.Issued);
        Assert.Contains("renews only with a fresh quote", stale.Failure!.Detail, StringComparison.Ordinal);

        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var challenge = await Node(node).ChallengeAsync();
        var renewed = await Node(node).RenewAsync(new NodeRenewal(serial, AgentRequests.CsrPem(key), "corr-renew") { Tpm = await tpm.QuoteAsync(tpm.EcAk, challenge.Nonce) });

        Assert.True(renewed.Issued, renewed.Failure?.Detail);
        var after = (await Agent(node).GetAsync())!.Attestation!;
        Assert.Equal(["tpm"], after.EvidenceTypes);
        Assert.True(after.AttestedAt > before.AttestedAt, "the renewal re-attested the node");
    }

    [TpmFact]
    public async Task IssueWorkloadSvidAsync_TpmAttestedNode_WorkloadEvidenceIsTpmPlusUnixWithTheNodeQuoteSelectors()
    {
        var (node, serial) = await TpmAttestedNodeAsync();
        var workload = await WorkloadAsync("tpm-workload", "tpm", "unix");
        var entry = await CreatedAsync(fixture.GrainFactory, Create(workload, node, [Process[2]]));
        using var key = AgentRequests.NewKey();

        var result = await Node(node).IssueWorkloadSvidAsync(new WorkloadSvidRequest(serial, entry.Id, Process, AgentRequests.CsrPem(key), [], "corr-workload"));

        Assert.True(result.Issued, result.Failure?.Detail);
        var attestation = (await Agent(workload).GetAsync())!.Attestation!;
        Assert.Equal(["tpm", "unix"], attestation.EvidenceTypes);
        Assert.Contains(attestation.Evidence!, e => e.Type == "tpm" && e.Selectors.Contains($"tpm:ak:{tpm.EcAk.Id}"));
    }

    private async Task<(SpiffeId Node, string Serial)> TpmAttestedNodeAsync()
    {
        var node = await TpmNodeAsync();
        using var key = AgentRequests.NewKey();
        var challenge = await Node(node).ChallengeAsync();
        var result = await Node(node).AttestAsync(new NodeAttestation(null, AgentRequests.CsrPem(key), "corr-tpm") { Tpm = await tpm.QuoteAsync(tpm.EcAk, challenge.Nonce) });
        return result.Issued ? (node, result.X509Svid!.SerialNumber) : throw new InvalidOperationException(result.Failure!.Detail);
    }

    /// <summary>A registered node whose policy accepts tpm evidence, with the ECC AK enrolled for it (withdrawn from the previous test's node).</summary>
    private async Task<SpiffeId> TpmNodeAsync(bool enrol = true)
    {
        var node = NewNodeId();
        var policy = await PolicyAsync(["join_token", "tpm"], []);
        await Agent(node).RegisterAsync(AgentRequests.Register(policy, selectors: []));
        if (!enrol)
            return node;

        var keys = fixture.GrainFactory.GetGrain<ITpmKeyGrain>(GrainKeys.TpmKey(tpm.EcAk.Id));
        if (tpm.EcAk.EnrolledFor is { } previous)
            await keys.RemoveAsync(previous, "operator", "corr-tpm-key");
        var enrolled = await keys.EnrolAsync(new TpmKeyEnrolment(node.ToString(), tpm.EcAk.SubjectPublicKeyInfo, new Dictionary<int, byte[]>(), "operator", "corr-tpm-key"));
        Assert.NotNull(enrolled.Key);
        tpm.EcAk.EnrolledFor = node.ToString();
        return node;
    }

    private async Task<SpiffeId> WorkloadAsync(string name, params string[] required)
    {
        var workload = NewWorkloadId(name);
        await Agent(workload).RegisterAsync(AgentRequests.Register(await PolicyAsync(["join_token", "tpm", "unix", "slsa"], required)));
        return workload;
    }

    private async Task<string> PolicyAsync(string[] allowed, string[] required)
    {
        var rule = new Dictionary<string, object>
        {
            ["match"] = TestPolicies.Match,
            ["attestation"] = new Dictionary<string, object> { ["allowed"] = allowed, ["required"] = required },
            ["audiences"] = new[] { AgentRequests.Audience },
        };
        return await TestPolicies.PutNewAsync(fixture.GrainFactory, JsonSerializer.Serialize(new { rules = new[] { rule } }));
    }

    private INodeGrain Node(SpiffeId id) => fixture.GrainFactory.GetGrain<INodeGrain>(GrainKeys.Node(id));

    private IAgentGrain Agent(SpiffeId id) => fixture.GrainFactory.GetGrain<IAgentGrain>(GrainKeys.Agent(id));

    private Task<IReadOnlyList<AuditRecordView>> AuditAsync(SpiffeId id) =>
        fixture.GrainFactory.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(AimsClusterFixture.TrustDomain)).QueryAsync(id.ToString(), null, 0, 1000);
}
