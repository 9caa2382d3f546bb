using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aims.Agent.Hosting;
using Aims.Core.Credentials;
using Aims.Grains;
using Aims.Grains.Agents;
using Aims.Grains.Nodes;
using Microsoft.Extensions.Logging;

namespace Aims.Agent.Node;

/// <summary>
/// The node's identity in the cluster: attested once with a join token, kept on disk, renewed at about half its
/// lifetime. Until it exists the agent serves nothing it would have to fetch.
/// </summary>
internal sealed class NodeIdentity(IClusterClient cluster, NodeAgentOptions options, TimeProvider time, ILogger<NodeIdentity> log)
{
    private readonly NodeCredentialFiles _files = new(options.DataDirectory);
    private readonly HashSet<string> _refusedTokens = new(StringComparer.Ordinal);
    private NodeCredential? _current;
    private bool _loaded;
    private bool _waitingForToken;

    /// <summary>The node's current X509-SVID, or null before attestation (or once it expired).</summary>
    public NodeCredential? Current
    {
        get
        {
            var current = Volatile.Read(ref _current);
            return current is not null && time.GetUtcNow() < current.NotAfter ? current : null;
        }
    }

    /// <summary>Attests (stored credential first, else the join token) or renews when due. Cluster failures propagate.</summary>
    public async Task MaintainAsync(CancellationToken cancellationToken)
    {
        if (!_loaded)
        {
            _loaded = true;
            if (_files.Load() is { } stored && time.GetUtcNow() < stored.NotAfter)
            {
                Volatile.Write(ref _current, stored);
                AgentLog.NodeCredentialLoaded(log, options.NodeId.ToString(), stored.Serial, stored.NotAfter);
            }
        }

        if (Current is not { } current)
        {
            await AttestAsync();
            return;
        }

        if (SvidRenewalSchedule.IsDue(current.NotBefore, current.NotAfter, options.NodeId.ToString(), time.GetUtcNow()))
            await RenewAsync(current);
    }

    private async Task AttestAsync()
    {
        var token = options.ReadJoinToken();
        if (token is null || _refusedTokens.Contains(token))
        {
            // Said once per wait: the agent checks every second whether a new token was given.
            if (!_waitingForToken)
                AgentLog.NeedsJoinToken(log, options.NodeId.ToString());
            _waitingForToken = true;
            return;
        }

        _waitingForToken = false;

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var result = await Node().AttestAsync(new NodeAttestation(token, Csr(key), NewCorrelationId()));
        if (!result.Issued)
        {
            // The token is spent or was never good: asking again with it would only be refused again.
            _refusedTokens.Add(token);
            AgentLog.NodeAttestationRefused(log, result.Failure?.Detail ?? "no reason given");
            return;
        }

        var credential = Store(result, key);
        AgentLog.NodeAttested(log, options.NodeId.ToString(), credential.Serial, credential.NotAfter);
    }

    private async Task RenewAsync(NodeCredential current)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var result = await Node().RenewAsync(new NodeRenewal(current.Serial, Csr(key), NewCorrelationId()));
        if (!result.Issued)
        {
            AgentLog.NodeRenewalRefused(log, result.Failure?.Detail ?? "no reason given");
            return;
        }

        var credential = Store(result, key);
        AgentLog.NodeRenewed(log, credential.Serial, credential.NotAfter);
    }

    private NodeCredential Store(IssuanceResult result, ECDsa key)
    {
        var credential = NodeCredential.FromChainPem(result.X509Svid!.ChainPem) with { Serial = result.X509Svid.SerialNumber };
        _files.Save(credential, key.ExportPkcs8PrivateKeyPem());
        Volatile.Write(ref _current, credential);
        return credential;
    }

    private INodeGrain Node() => cluster.GetGrain<INodeGrain>(GrainKeys.Node(options.NodeId));

    private static string Csr(ECDsa key) =>
        new CertificateRequest(new X500DistinguishedName(string.Empty), key, HashAlgorithmName.SHA256).CreateSigningRequestPem();

    private static string NewCorrelationId() => Guid.NewGuid().ToString("N");
}
