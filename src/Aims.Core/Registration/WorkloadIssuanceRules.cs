using Aims.Core.Agents;
using Aims.Core.Attestation;
using Aims.Core.Attestation.Unix;
using Aims.Core.Identity;

namespace Aims.Core.Registration;

/// <summary>
/// When a node agent may obtain a workload's SVID: the node is attested and in good standing, proves it with a
/// live node credential, the entry exists and is the node's own, and the workload the node attested shows every
/// selector of the entry. Each refusal says which of these failed.
/// </summary>
public static class WorkloadIssuanceRules
{
    /// <returns>Null when the node may obtain the SVID, else why not.</returns>
    public static string? Check(SpiffeId nodeId, NodeStanding node, string entryId, RegistrationEntry? entry, IEnumerable<string> workloadSelectors)
    {
        ArgumentNullException.ThrowIfNull(workloadSelectors);

        if (CheckNode(nodeId, node) is { } refusal)
            return refusal;
        if (entry is null)
            return $"registration entry {entryId} does not exist (it may have been deleted)";
        if (entry.ParentId != nodeId)
            return $"registration entry {entry.Id} belongs to node {entry.ParentId}, not to {nodeId}";

        var shown = workloadSelectors.ToHashSet(StringComparer.Ordinal);
        var missing = entry.Selectors.Where(s => !shown.Contains(s)).ToList();
        return missing.Count > 0
            ? $"the workload does not show selector(s) {string.Join(", ", missing)} of registration entry {entry.Id}"
            : null;
    }

    /// <summary>Null when the node is attested, in good standing and proved it with a live node credential, else why not.</summary>
    public static string? CheckNode(SpiffeId nodeId, NodeStanding node)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        ArgumentNullException.ThrowIfNull(node);

        if (!node.Registered)
            return $"node {nodeId} is not registered; register it (POST /v1/agents) and attest its agent with a join token";
        if (node.EvidenceTypes.Count == 0)
            return $"node {nodeId} has not attested; start its agent with a join token or a TPM (Aims:Agent:Tpm)";
        if (!AgentTransitions.CanReceiveCredentials(node.State))
            return $"node {nodeId} is {node.State.ToString().ToLowerInvariant()}; its workloads get no SVIDs";
        if (!node.CredentialLive)
            return $"the node credential presented is not a live X509-SVID of node {nodeId}; the node agent must attest again";
        return null;
    }

    /// <summary>
    /// Null when an agent in <paramref name="workloadState"/> may be attested and issued SVIDs by its node; a suspended,
    /// compromised or terminated workload identity gets nothing until an operator acts on it.
    /// </summary>
    public static string? CheckWorkload(SpiffeId workloadId, AgentState workloadState)
    {
        ArgumentNullException.ThrowIfNull(workloadId);
        return workloadState is AgentState.Suspended or AgentState.Compromised or AgentState.Terminated
            ? $"workload {workloadId} is {workloadState.ToString().ToLowerInvariant()}; it gets no SVIDs"
            : null;
    }

    /// <summary>
    /// The evidence a workload's SVID rests on, for policy and audit: how its node attested, plus <c>unix</c>
    /// for the node agent's attestation of the process, plus <c>slsa</c> when provenance of its binary verified.
    /// </summary>
    public static IReadOnlyList<string> WorkloadEvidence(IEnumerable<string> nodeEvidence, bool provenanceVerified = false)
    {
        ArgumentNullException.ThrowIfNull(nodeEvidence);
        var workload = provenanceVerified ? new[] { UnixAttestor.EvidenceType, AttestationTypes.Slsa } : [UnixAttestor.EvidenceType];
        return [.. nodeEvidence.Concat(workload).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }
}
