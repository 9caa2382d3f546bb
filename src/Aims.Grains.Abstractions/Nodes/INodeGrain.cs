using Aims.Grains.Agents;

namespace Aims.Grains.Nodes;

/// <summary>
/// What a node agent (client/Aims.Agent) asks of the cluster, keyed by the node's SPIFFE ID
/// (<see cref="GrainKeys.Node"/>). The node is an agent like any other: it attests with a join token and/or a TPM quote and holds an
/// X509-SVID; every later call presents that credential's serial, and is refused once the node is suspended,
/// compromised or terminated, or the credential revoked. Holds no state of its own: the node's AgentGrain does.
/// </summary>
/// <remarks>
/// Orleans clients are trusted by the gateway; the node credential binds each call to a node that attested and is in
/// good standing, it does not authenticate the connection. Expose the gateway port only to node agents and silos.
/// </remarks>
[Alias("aims.INodeGrain")]
public interface INodeGrain : IGrainWithStringKey
{
    /// <summary>
    /// Node attestation: redeems the single-use join token, which must be bound to this node, and/or verifies the TPM
    /// quote (AK enrolled for this node, signature, PCRs, the nonce of <see cref="ChallengeAsync"/> spent once), then
    /// issues the node's X509-SVID for <see cref="NodeAttestation.CsrPem"/> through its AgentGrain (policy decides;
    /// audited either way, with the reason).
    /// </summary>
    [Alias("Attest")] Task<IssuanceResult> AttestAsync(NodeAttestation attestation);

    /// <summary>A fresh nonce for a TPM quote, issued through the grain <c>POST /v1/attest/challenge</c> uses.</summary>
    [Alias("Challenge")] Task<NodeChallenge> ChallengeAsync();

    /// <summary>
    /// A new node X509-SVID for a node that presents a live one; with <see cref="NodeRenewal.Tpm"/> the node re-attests
    /// (a TPM-attested node must).
    /// </summary>
    [Alias("Renew")] Task<IssuanceResult> RenewAsync(NodeRenewal renewal);

    /// <summary>The registration entries whose parent is this node.</summary>
    [Alias("ListEntries")] Task<NodeEntryList> ListEntriesAsync(string nodeSvidSerial);

    /// <summary>
    /// SVIDs for a workload the node agent attested: checked against the node's standing, the entry (it must be
    /// this node's and all its selectors among the workload's), and the workload's own state, then issued through
    /// the workload's AgentGrain with the node's evidence types plus <c>unix</c> (and <c>slsa</c> when the request carries
    /// provenance that verifies against the measured <c>unix:sha256</c>). Audited either way.
    /// </summary>
    [Alias("IssueWorkloadSvid")] Task<IssuanceResult> IssueWorkloadSvidAsync(WorkloadSvidRequest request);
}
