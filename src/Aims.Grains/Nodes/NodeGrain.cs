using Aims.Core.Agents;
using Aims.Core.Attestation;
using Aims.Core.Attestation.Unix;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.Registration;
using Aims.Grains.Agents;
using Aims.Grains.Audit;
using Aims.Grains.JoinTokens;
using Aims.Grains.Registration;
using Orleans.Concurrency;

namespace Aims.Grains.Nodes;

/// <summary>
/// A node agent's door into the cluster. Thin and stateless: the node's standing is its AgentGrain's, entries are
/// the entry grains', the decision is Core's (<see cref="WorkloadIssuanceRules"/>), issuance is the workload's
/// AgentGrain's. Stateless workers so that one busy node does not queue its workloads behind each other.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class NodeGrain : Grain, INodeGrain
{
    private const string WorkloadAttestAction = "workload.attest";
    private const string IssueAction = "credential.issue";
    private const int MaxEntriesPerNode = 10_000;

    private SpiffeId? _id;

    private SpiffeId Id => _id ??= SpiffeId.Parse(this.GetPrimaryKeyString());

    public async Task<IssuanceResult> AttestAsync(NodeAttestation attestation)
    {
        ArgumentNullException.ThrowIfNull(attestation);
        var redemption = await GrainFactory.GetGrain<IJoinTokenGrain>(GrainKeys.JoinToken(attestation.JoinToken)).RedeemAsync();
        var refusal = !redemption.Accepted ? redemption.Reason
            : redemption.SpiffeId != Id.ToString() ? $"the join token belongs to {redemption.SpiffeId}, not to node {Id}"
            : null;
        if (refusal is not null)
        {
            await AuditAsync("agent.attest", "Denied", Id, "evidence:join_token", attestation.CorrelationId, refusal);
            return IssuanceResult.Denied(IssuanceFailureKind.Forbidden, refusal);
        }

        return await Agent(Id).AttestAndIssueAsync(new IssuanceRequest(
            [JoinTokenRules.EvidenceType], attestation.CsrPem, null, [], attestation.CorrelationId, IssueAction));
    }

    public async Task<IssuanceResult> RenewAsync(NodeRenewal renewal)
    {
        ArgumentNullException.ThrowIfNull(renewal);
        var (_, _, refusal) = await StandingAsync(renewal.NodeSvidSerial);
        if (refusal is not null)
            return IssuanceResult.Denied(IssuanceFailureKind.Forbidden, refusal);

        return await Agent(Id).RenewAsync(new IssuanceRequest([], renewal.CsrPem, null, [], renewal.CorrelationId, "credential.renew"));
    }

    public async Task<NodeEntryList> ListEntriesAsync(string nodeSvidSerial)
    {
        var (_, _, refusal) = await StandingAsync(nodeSvidSerial);
        if (refusal is not null)
            return new NodeEntryList(refusal, []);

        var entries = await GrainFactory.GetGrain<IRegistrationEntryIndexGrain>(GrainKeys.RegistrationEntriesOfParent(Id)).ListAsync(null, MaxEntriesPerNode);
        return new NodeEntryList(null, entries);
    }

    public async Task<IssuanceResult> IssueWorkloadSvidAsync(WorkloadSvidRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (node, nodeEvidence, refusal) = await StandingAsync(request.NodeSvidSerial);
        var view = refusal is null && RegistrationEntryId.IsWellFormed(request.EntryId)
            ? await GrainFactory.GetGrain<IRegistrationEntryGrain>(GrainKeys.RegistrationEntry(request.EntryId)).GetAsync()
            : null;
        var entry = view?.ToEntry();
        refusal ??= WorkloadIssuanceRules.Check(Id, node!, request.EntryId, entry, request.WorkloadSelectors);

        var workload = entry is null ? null : Agent(entry.SpiffeId);
        if (refusal is null && await workload!.GetAsync() is { } agent)
            refusal = WorkloadIssuanceRules.CheckWorkload(entry!.SpiffeId, agent.State);

        var selectors = string.Join(' ', request.WorkloadSelectors);
        if (refusal is not null)
        {
            await AuditAsync(WorkloadAttestAction, "Denied", entry?.SpiffeId ?? Id, $"registration-entry:{request.EntryId}", request.CorrelationId, $"{refusal}; selectors {selectors}");
            return IssuanceResult.Denied(IssuanceFailureKind.Forbidden, refusal);
        }

        await AuditAsync(WorkloadAttestAction, "Allowed", entry!.SpiffeId, $"registration-entry:{entry.Id}", request.CorrelationId, $"node {Id} attested the process: {selectors}");
        // The evidence behind the workload: what the node was attested with, and the process this node measured.
        IReadOnlyList<EvidenceRecord> evidence = [.. nodeEvidence, new EvidenceRecord(UnixAttestor.EvidenceType, $"node {Id}", request.WorkloadSelectors)];
        return await workload!.AttestAndIssueAsync(new IssuanceRequest(
            WorkloadIssuanceRules.WorkloadEvidence(node!.EvidenceTypes), request.CsrPem, null, request.Audiences, request.CorrelationId, IssueAction, evidence)
        {
            X509SvidTtlCap = entry.X509SvidTtl,
            JwtSvidTtlCap = entry.JwtSvidTtl,
            DnsNames = entry.DnsNames,
        });
    }

    /// <summary>The node's standing and the evidence it was attested with, and why it may not act when it may not.</summary>
    private async Task<(NodeStanding Standing, IReadOnlyList<EvidenceRecord> Evidence, string? Refusal)> StandingAsync(string nodeSvidSerial)
    {
        var agent = Agent(Id);
        var view = await agent.GetAsync();
        var live = view is not null && !string.IsNullOrEmpty(nodeSvidSerial)
            && (await agent.GetCredentialsAsync()).Any(c => c.Kind == CredentialKind.X509Svid && c.Id == nodeSvidSerial
                && c.State is CredentialState.Active or CredentialState.Superseded);
        var standing = new NodeStanding(view is not null, view?.State ?? AgentState.Registered, view?.Attestation?.EvidenceTypes ?? [], live);
        return (standing, view?.Attestation?.Evidence ?? [], WorkloadIssuanceRules.CheckNode(Id, standing));
    }

    private IAgentGrain Agent(SpiffeId id) => GrainFactory.GetGrain<IAgentGrain>(GrainKeys.Agent(id));

    private Task<AuditRecordView> AuditAsync(string action, string decision, SpiffeId agent, string resource, string correlationId, string detail) =>
        GrainFactory.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(Id.TrustDomain)).AppendAsync(new AuditEntryMessage(
            action, decision, AgentId: agent.ToString(), Resource: resource, CorrelationId: correlationId, Actor: Id.ToString(), Detail: detail));
}
