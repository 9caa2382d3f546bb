using Aims.Core.Agents;
using Aims.Core.Attestation;
using Aims.Core.Attestation.Slsa;
using Aims.Core.Attestation.Unix;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.Registration;
using Aims.Grains.Agents;
using Aims.Grains.Attestation;
using Aims.Grains.Audit;
using Aims.Grains.JoinTokens;
using Aims.Grains.Registration;
using Orleans.Concurrency;

namespace Aims.Grains.Nodes;

/// <summary>
/// A node agent's door into the cluster. Thin and stateless: the node's standing is its AgentGrain's, entries are
/// the entry grains', the decisions are Core's (<see cref="WorkloadIssuanceRules"/>, the TPM quote and SLSA provenance
/// verifiers), issuance is the workload's AgentGrain's. Stateless workers so that one busy node does not queue its
/// workloads behind each other.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class NodeGrain(AttestationTrust trust) : Grain, INodeGrain
{
    private const string WorkloadAttestAction = "workload.attest";
    private const string IssueAction = "credential.issue";
    private const string RenewAction = "credential.renew";
    private const int MaxEntriesPerNode = 10_000;

    private SpiffeId? _id;

    private SpiffeId Id => _id ??= SpiffeId.Parse(this.GetPrimaryKeyString());

    public async Task<IssuanceResult> AttestAsync(NodeAttestation attestation)
    {
        ArgumentNullException.ThrowIfNull(attestation);
        if (attestation.JoinToken is null && attestation.Tpm is null)
        {
            const string Nothing = "the node presented no evidence: give its agent a join token (--join-token) or a TPM (Aims:Agent:Tpm)";
            await AuditAsync("agent.attest", "Denied", Id, "evidence:none", attestation.CorrelationId, Nothing);
            return IssuanceResult.Denied(IssuanceFailureKind.BadRequest, Nothing);
        }

        // The quote first: its nonce is cheap to ask again, an operator's join token is not.
        List<EvidenceRecord> evidence = [];
        if (attestation.Tpm is { } quote)
        {
            var (record, refusal) = await VerifyQuoteAsync(quote, attestation.CorrelationId);
            if (refusal is not null)
                return IssuanceResult.Denied(IssuanceFailureKind.Forbidden, refusal);
            evidence.Add(record!);
        }

        if (attestation.JoinToken is { } token)
        {
            var redemption = await GrainFactory.GetGrain<IJoinTokenGrain>(GrainKeys.JoinToken(token)).RedeemAsync();
            var refusal = !redemption.Accepted ? redemption.Reason
                : redemption.SpiffeId != Id.ToString() ? $"the join token belongs to {redemption.SpiffeId}, not to node {Id}"
                : null;
            if (refusal is not null)
            {
                await AuditAsync("agent.attest", "Denied", Id, "evidence:join_token", attestation.CorrelationId, refusal);
                return IssuanceResult.Denied(IssuanceFailureKind.Forbidden, refusal);
            }

            // Never the token: the first hex digits of its hash, which is also its grain key.
            evidence.Insert(0, new EvidenceRecord(JoinTokenRules.EvidenceType, $"join token {GrainKeys.JoinToken(token)[..16]}", []));
        }

        return await Agent(Id).AttestAndIssueAsync(new IssuanceRequest(
            [.. evidence.Select(e => e.Type)], attestation.CsrPem, null, [], attestation.CorrelationId, IssueAction, evidence));
    }

    public async Task<NodeChallenge> ChallengeAsync()
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var nonce = AttestationChallenge.NewNonce();
            if (await GrainFactory.GetGrain<IAttestationChallengeGrain>(GrainKeys.AttestationChallenge(nonce)).IssueAsync(trust.ChallengeTtl) is { } expiresAt)
                return new NodeChallenge(nonce, expiresAt);
        }

        // 2^256 nonces: three collisions in a row mean the random source is broken, not bad luck.
        throw new InvalidOperationException("Three fresh nonces were already issued; the random number generator is not random.");
    }

    public async Task<IssuanceResult> RenewAsync(NodeRenewal renewal)
    {
        ArgumentNullException.ThrowIfNull(renewal);
        var (standing, evidence, refusal) = await StandingAsync(renewal.NodeSvidSerial);
        if (refusal is not null)
            return IssuanceResult.Denied(IssuanceFailureKind.Forbidden, refusal);

        if (renewal.Tpm is not { } quote)
        {
            if (!standing.EvidenceTypes.Contains(AttestationTypes.Tpm, StringComparer.Ordinal))
                return await Agent(Id).RenewAsync(new IssuanceRequest([], renewal.CsrPem, null, [], renewal.CorrelationId, RenewAction));

            var stale = $"node {Id} attested with its TPM, so it renews only with a fresh quote; configure the node agent's TPM (Aims:Agent:Tpm)";
            await AuditAsync(RenewAction, "Denied", Id, "evidence:tpm", renewal.CorrelationId, stale);
            return IssuanceResult.Denied(IssuanceFailureKind.Forbidden, stale);
        }

        var (record, quoteRefusal) = await VerifyQuoteAsync(quote, renewal.CorrelationId);
        if (quoteRefusal is not null)
            return IssuanceResult.Denied(IssuanceFailureKind.Forbidden, quoteRefusal);

        // Re-attestation: the fresh quote replaces the old one; what else the node proved (its join token) is carried
        // by the live node credential it presented, as a plain renewal carries it.
        List<EvidenceRecord> renewed = [.. evidence.Where(e => e.Type != AttestationTypes.Tpm), record!];
        IReadOnlyList<string> types = [.. standing.EvidenceTypes.Append(AttestationTypes.Tpm).Distinct(StringComparer.Ordinal)];
        return await Agent(Id).AttestAndIssueAsync(new IssuanceRequest(types, renewal.CsrPem, null, [], renewal.CorrelationId, RenewAction, renewed));
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

        // Provenance of the binary the node measured: the subject must be the process's unix:sha256, the signer a trusted builder.
        var provenance = refusal is null && request.Provenance is { } envelope
            ? ProcessProvenanceVerifier.Verify(envelope, trust.Builders, request.WorkloadSelectors)
            : null;
        if (provenance is { IsVerified: false })
            refusal = provenance.Reason;

        var selectors = string.Join(' ', request.WorkloadSelectors);
        if (refusal is not null)
        {
            await AuditAsync(WorkloadAttestAction, "Denied", entry?.SpiffeId ?? Id, $"registration-entry:{request.EntryId}", request.CorrelationId, $"{refusal}; selectors {selectors}");
            return IssuanceResult.Denied(IssuanceFailureKind.Forbidden, refusal);
        }

        var slsa = provenance?.Evidence;
        var provenanceNote = slsa is null ? "; no provenance" : $"; provenance by {slsa.VerifiedBy}: {string.Join(' ', slsa.Selectors)}";
        await AuditAsync(WorkloadAttestAction, "Allowed", entry!.SpiffeId, $"registration-entry:{entry.Id}", request.CorrelationId, $"node {Id} attested the process: {selectors}{provenanceNote}");

        // The evidence behind the workload: what the node was attested with (its TPM quote's selectors among them), the
        // process this node measured, and the provenance of that process's binary.
        List<EvidenceRecord> evidence = [.. nodeEvidence, new EvidenceRecord(UnixAttestor.EvidenceType, $"node {Id}", request.WorkloadSelectors)];
        if (slsa is not null)
            evidence.Add(new EvidenceRecord(slsa.Type, slsa.VerifiedBy, slsa.Selectors));
        return await workload!.AttestAndIssueAsync(new IssuanceRequest(
            WorkloadIssuanceRules.WorkloadEvidence(node!.EvidenceTypes, slsa is not null), request.CsrPem, null, request.Audiences, request.CorrelationId, IssueAction, evidence)
        {
            X509SvidTtlCap = entry.X509SvidTtl,
            JwtSvidTtlCap = entry.JwtSvidTtl,
            DnsNames = entry.DnsNames,
        });
    }

    /// <summary>The quote's evidence, or the audited reason it was refused (unknown AK, AK of another agent, bad quote, nonce not fresh).</summary>
    private async Task<(EvidenceRecord? Record, string? Refusal)> VerifyQuoteAsync(NodeTpmQuote quote, string correlationId)
    {
        var (result, owner) = await TpmQuoteCheck.VerifyAsync(GrainFactory, quote.AkId, quote.ToEvidence());
        var refusal = !result.IsVerified ? result.Reason
            : owner != Id ? $"tpm.key: attestation key {quote.AkId} is enrolled for {owner}, not for node {Id}"
            : null;
        if (refusal is null)
            return (new EvidenceRecord(result.Evidence!.Type, result.Evidence.VerifiedBy, result.Evidence.Selectors), null);

        await AuditAsync("agent.attest", "Denied", Id, "evidence:tpm", correlationId, refusal);
        return (null, refusal);
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
