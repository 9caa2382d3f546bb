using System.Text.Json;
using Aims.Api.OAuth;
using Aims.Core.Attestation;
using Aims.Core.Identity;
using Aims.Grains;
using Aims.Grains.Audit;

namespace Aims.Api.Attestation;

/// <summary>
/// Verifies the evidence of one attestation with the Core attestors, in order: every item is read first (a malformed
/// one is refused before anything is spent); then join tokens, TPM quotes and tokens are verified, spending their
/// single-use parts (join token, challenge nonce, token <c>jti</c>); then SLSA provenance, against the digests those
/// items measured, never against digests the caller asserts. All items must name the same agent, and the caller's
/// <c>spiffe_id</c>, when given, must be it. Every refusal is audited. Policy and the registered selectors are
/// checked afterwards by the agent's grain, which holds them.
/// </summary>
public sealed partial class EvidenceVerifier(
    IGrainFactory grains, TrustDomain trustDomain, AttestationTrust trust, TrustedIssuerKeys issuerKeys, TimeProvider time)
{
    public const int MaxItems = 8;

    public async Task<EvidenceOutcome> VerifyAsync(IReadOnlyList<JsonElement> items, SpiffeId? claimed, string correlationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count is 0 or > MaxItems)
            return EvidenceOutcome.Malformed($"evidence must hold 1 to {MaxItems} items, e.g. [{{\"type\":\"join_token\",\"token\":\"…\"}}]");

        var read = new List<EvidenceItem>(items.Count);
        foreach (var item in items)
        {
            if (!EvidenceReader.TryRead(item, out var evidence, out var error))
                return EvidenceOutcome.Malformed(error);
            read.Add(evidence);
        }

        var naming = read.Any(i => i is JoinTokenItem or TpmItem);
        if (!naming && claimed is null)
        {
            return EvidenceOutcome.Malformed(
                "spiffe_id is required: none of the evidence (k8s_psat, oidc, slsa) names an agent, so say which registered agent it attests");
        }

        var context = new Verification(claimed, correlationId);
        foreach (var item in read.Where(i => i is not SlsaItem))
        {
            var (result, namedAgent) = item switch
            {
                JoinTokenItem joinToken => await VerifyJoinTokenAsync(joinToken),
                TpmItem tpm => await VerifyTpmAsync(tpm),
                TokenItem token => (await VerifyTokenAsync(token, cancellationToken), null),
                _ => throw new InvalidOperationException($"unexpected evidence item {item.GetType().Name}"),
            };
            if (await AddAsync(context, item.Type, result, namedAgent) is { } refusal)
                return refusal;
        }

        var measured = context.MeasuredDigests();
        foreach (var slsa in read.OfType<SlsaItem>())
        {
            if (await AddAsync(context, slsa.Type, VerifySlsa(slsa, measured), null) is { } refusal)
                return refusal;
        }

        return context.Outcome();
    }

    /// <summary>Adds a verified item, or audits and returns the refusal (a failed item, or one naming another agent).</summary>
    private async Task<EvidenceOutcome?> AddAsync(Verification verification, string type, AttestationResult result, SpiffeId? namedAgent)
    {
        var (claimed, named) = (verification.Claimed, verification.Named);
        var refusal = !result.IsVerified ? result.Reason
            : namedAgent is not null && !namedAgent.IsMemberOf(trustDomain) ? $"{type}: the evidence belongs to another trust domain"
            : namedAgent is not null && claimed is not null && namedAgent != claimed ? $"{type}: the evidence belongs to another agent, not {claimed}"
            : namedAgent is not null && named is not null && namedAgent != named ? $"{type}: the evidence items name different agents"
            : null;
        if (refusal is null)
        {
            verification.Add(result.Evidence!, namedAgent);
            return null;
        }

        var agent = claimed ?? named ?? namedAgent;
        await grains.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(trustDomain)).AppendAsync(new AuditEntryMessage(
            "agent.attest", "Denied", AgentId: agent?.ToString(), Resource: $"evidence:{type}",
            CorrelationId: verification.CorrelationId, Actor: agent?.ToString(), Detail: refusal));
        return EvidenceOutcome.Refused(refusal, agent);
    }

    /// <summary>What the items verified so far established, and the agent they name.</summary>
    private sealed class Verification(SpiffeId? claimed, string correlationId)
    {
        private readonly List<AttestedEvidence> _evidence = [];

        public SpiffeId? Claimed { get; } = claimed;

        public string CorrelationId { get; } = correlationId;

        /// <summary>The agent a join token or an enrolled TPM key named; null while none did.</summary>
        public SpiffeId? Named { get; private set; }

        public void Add(AttestedEvidence evidence, SpiffeId? namedAgent)
        {
            Named ??= namedAgent;
            _evidence.Add(evidence);
        }

        /// <summary>The digests verified items measured (image digests; a node agent adds process binaries): what provenance must describe.</summary>
        public IReadOnlyList<(string Selector, Sha256Digest Digest)> MeasuredDigests() =>
        [
            .. _evidence.SelectMany(e => e.Selectors)
                .Select(s => (Selector: s, Digest: MeasuredDigest(s)))
                .Where(m => m.Digest is not null)
                .Select(m => (m.Selector, m.Digest!))
                .DistinctBy(m => m.Selector),
        ];

        public EvidenceOutcome Outcome() => EvidenceOutcome.Verified((Named ?? Claimed)!, Named is not null, [.. _evidence]);

        private static Sha256Digest? MeasuredDigest(string selector)
        {
            foreach (var prefix in MeasuredPrefixes)
            {
                if (selector.StartsWith(prefix, StringComparison.Ordinal) && Sha256Digest.TryParse(selector[prefix.Length..], out var digest))
                    return digest;
            }

            return null;
        }
    }

    /// <summary>Selectors whose value is a measured SHA-256 digest: a pod's image, and (node agent) a process binary as <c>unix:sha256:&lt;hex&gt;</c>.</summary>
    private static readonly string[] MeasuredPrefixes = [Core.Attestation.Kubernetes.KubernetesSelectors.ImagePrefix, "unix:"];
}
