using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aims.Agent.Hosting;
using Aims.Agent.Tpm;
using Aims.Core.Credentials;
using Aims.Grains;
using Aims.Grains.Agents;
using Aims.Grains.Nodes;
using Microsoft.Extensions.Logging;

namespace Aims.Agent.Node;

/// <summary>
/// The node's identity in the cluster: attested with a join token and/or a TPM quote over the cluster's nonce, kept on
/// disk, renewed at about half its lifetime (with a fresh quote when the node has a TPM). Until it exists the agent
/// serves nothing it would have to fetch.
/// </summary>
internal sealed class NodeIdentity(IClusterClient cluster, NodeAgentOptions options, TimeProvider time, ILogger<NodeIdentity> log, TpmQuoter? tpm = null)
{
    private static readonly TimeSpan MaxRetrySpacing = TimeSpan.FromMinutes(1);
    private readonly NodeCredentialFiles _files = new(options.DataDirectory);
    private readonly HashSet<string> _refusedTokens = new(StringComparer.Ordinal);
    private NodeCredential? _current;
    private bool _loaded;
    private bool _waitingForToken;
    private int _failedAttempts;
    private DateTimeOffset _retryAt = DateTimeOffset.MinValue;

    /// <summary>The node's current X509-SVID, or null before attestation (or once it expired).</summary>
    public NodeCredential? Current
    {
        get
        {
            var current = Volatile.Read(ref _current);
            return current is not null && time.GetUtcNow() < current.NotAfter ? current : null;
        }
    }

    /// <summary>Attests (stored credential first, else join token and/or TPM) or renews when due. Cluster failures propagate.</summary>
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

        // After a refusal the TPM is not asked for a quote every second: 2, 4, 8 … s, at most a minute apart.
        if (time.GetUtcNow() < _retryAt)
            return;

        if (Current is not { } current)
        {
            await AttestAsync(cancellationToken);
            return;
        }

        if (SvidRenewalSchedule.IsDue(current.NotBefore, current.NotAfter, options.NodeId.ToString(), time.GetUtcNow()))
            await RenewAsync(current, cancellationToken);
    }

    private async Task AttestAsync(CancellationToken cancellationToken)
    {
        var token = options.ReadJoinToken() is { } read && !_refusedTokens.Contains(read) ? read : null;
        if (token is null && tpm is null)
        {
            // Said once per wait: the agent checks every second whether a new token was given.
            if (!_waitingForToken)
                AgentLog.NeedsJoinToken(log, options.NodeId.ToString());
            _waitingForToken = true;
            return;
        }

        _waitingForToken = false;

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (quoted, quote) = await QuoteAsync(cancellationToken);
        if (!quoted)
            return;
        var result = await Node().AttestAsync(new NodeAttestation(token, Csr(key), NewCorrelationId()) { Tpm = quote });
        if (!result.Issued)
        {
            // A spent or foreign token would only be refused again; a TPM refusal (AK not enrolled yet) is retried.
            if (token is not null)
                _refusedTokens.Add(token);
            AgentLog.NodeAttestationRefused(log, result.Failure?.Detail ?? "no reason given");
            if (quote is not null)
                BackOff();
            return;
        }

        var credential = Store(result, key);
        AgentLog.NodeAttested(log, options.NodeId.ToString(), Evidence(token, quote), credential.Serial, credential.NotAfter);
    }

    private async Task RenewAsync(NodeCredential current, CancellationToken cancellationToken)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (quoted, quote) = await QuoteAsync(cancellationToken);
        if (!quoted)
            return;
        var result = await Node().RenewAsync(new NodeRenewal(current.Serial, Csr(key), NewCorrelationId()) { Tpm = quote });
        if (!result.Issued)
        {
            AgentLog.NodeRenewalRefused(log, result.Failure?.Detail ?? "no reason given");
            BackOff();
            return;
        }

        var credential = Store(result, key);
        AgentLog.NodeRenewed(log, credential.Serial, credential.NotAfter, quote is null ? "no quote" : $"a fresh TPM quote by AK {quote.AkId}");
    }

    /// <summary>
    /// A quote over a nonce the cluster just made (the grain behind <c>POST /v1/attest/challenge</c>); (true, null) without
    /// a TPM, (false, null) when the TPM failed (logged; retried later). Cluster failures propagate.
    /// </summary>
    private async Task<(bool Ok, NodeTpmQuote? Quote)> QuoteAsync(CancellationToken cancellationToken)
    {
        if (tpm is null)
            return (true, null);

        var challenge = await Node().ChallengeAsync();
        try
        {
            return (true, await tpm.QuoteAsync(challenge.Nonce, cancellationToken));
        }
        catch (TpmUnavailableException e)
        {
            AgentLog.TpmQuoteFailed(log, tpm.AkId, e.Message);
            BackOff();
            return (false, null);
        }
    }

    private void BackOff()
    {
        _failedAttempts++;
        var spacing = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, _failedAttempts), MaxRetrySpacing.TotalSeconds));
        _retryAt = time.GetUtcNow() + spacing;
    }

    private static string Evidence(string? token, NodeTpmQuote? quote) => (token, quote) switch
    {
        (not null, not null) => $"its join token and its TPM (AK {quote.AkId})",
        (null, not null) => $"its TPM (AK {quote.AkId})",
        _ => "its join token",
    };

    private NodeCredential Store(IssuanceResult result, ECDsa key)
    {
        var credential = NodeCredential.FromChainPem(result.X509Svid!.ChainPem) with { Serial = result.X509Svid.SerialNumber };
        _files.Save(credential, key.ExportPkcs8PrivateKeyPem());
        Volatile.Write(ref _current, credential);
        _failedAttempts = 0;
        _retryAt = DateTimeOffset.MinValue;
        return credential;
    }

    private INodeGrain Node() => cluster.GetGrain<INodeGrain>(GrainKeys.Node(options.NodeId));

    private static string Csr(ECDsa key) =>
        new CertificateRequest(new X500DistinguishedName(string.Empty), key, HashAlgorithmName.SHA256).CreateSigningRequestPem();

    private static string NewCorrelationId() => Guid.NewGuid().ToString("N");
}
