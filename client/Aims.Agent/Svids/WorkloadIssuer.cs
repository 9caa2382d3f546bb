using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aims.Agent.Hosting;
using Aims.Agent.Node;
using Aims.Agent.Provenance;
using Aims.Core.Registration;
using Aims.Grains;
using Aims.Grains.Agents;
using Aims.Grains.Nodes;

namespace Aims.Agent.Svids;

/// <summary>
/// Asks the cluster for a workload's SVIDs through this node. For an X509-SVID the agent makes the workload's key
/// (ECDSA P-256) and CSR itself: the workload never has to, and the key never leaves this machine. Provenance of the
/// process's binary, when the node has some, goes with the request (<see cref="ProvenanceSource"/>).
/// </summary>
internal sealed class WorkloadIssuer(IClusterClient cluster, NodeAgentOptions options, NodeIdentity node, ProvenanceSource provenance)
{
    /// <summary>A new X509-SVID and its key; <see cref="IssuanceRefusedException"/> when refused, cluster failures propagate.</summary>
    public async Task<(Grains.Credentials.X509SvidIssued Svid, byte[] KeyPkcs8)> IssueX509Async(RegistrationEntry entry, IReadOnlyList<string> selectors)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest(new X500DistinguishedName(string.Empty), key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        var result = await IssueAsync(entry, selectors, csr, []);
        return (result.X509Svid ?? throw new IssuanceRefusedException("the cluster issued no X509-SVID"), key.ExportPkcs8PrivateKey());
    }

    public async Task<Grains.Credentials.JwtSvidIssued> IssueJwtAsync(RegistrationEntry entry, IReadOnlyList<string> selectors, IReadOnlyList<string> audience)
    {
        var result = await IssueAsync(entry, selectors, null, audience);
        return result.JwtSvids.Count > 0 ? result.JwtSvids[0] : throw new IssuanceRefusedException("the cluster issued no JWT-SVID");
    }

    private async Task<IssuanceResult> IssueAsync(RegistrationEntry entry, IReadOnlyList<string> selectors, string? csr, IReadOnlyList<string> audience)
    {
        var credential = node.Current ?? throw new NodeNotAttestedException();
        // Looked up at every issuance and renewal: provenance put in place (or withdrawn) later counts from then on.
        var result = await cluster.GetGrain<INodeGrain>(GrainKeys.Node(options.NodeId)).IssueWorkloadSvidAsync(new WorkloadSvidRequest(
            credential.Serial, entry.Id, selectors, csr, audience, Guid.NewGuid().ToString("N"))
        {
            Provenance = provenance.Find(selectors),
        });
        return result.Issued ? result : throw new IssuanceRefusedException(result.Failure?.Detail ?? "issuance refused");
    }
}
