using Aims.Core.Attestation;
using Aims.Core.Identity;

namespace Aims.Api.Attestation;

/// <summary>What <see cref="EvidenceVerifier"/> concluded about the evidence of one attestation.</summary>
public sealed class EvidenceOutcome
{
    private EvidenceOutcome(EvidenceStatus status, string? detail, SpiffeId? agent, bool namedByEvidence, IReadOnlyList<AttestedEvidence> evidence)
    {
        Status = status;
        Detail = detail;
        Agent = agent;
        NamedByEvidence = namedByEvidence;
        Evidence = evidence;
    }

    public EvidenceStatus Status { get; }

    /// <summary>Why the evidence was malformed or refused (refusals name the rule: <c>tpm.nonce: …</c>).</summary>
    public string? Detail { get; }

    /// <summary>The agent the evidence is for: named by a join token or an enrolled TPM key, else the one the caller claimed.</summary>
    public SpiffeId? Agent { get; }

    /// <summary>True when an item is bound to <see cref="Agent"/> itself; false when only registered selectors can identify it.</summary>
    public bool NamedByEvidence { get; }

    public IReadOnlyList<AttestedEvidence> Evidence { get; }

    /// <summary>The distinct evidence types, in the order presented: what policy's <c>attestation</c> lists decide on.</summary>
    public IReadOnlyList<string> Types => [.. Evidence.Select(e => e.Type).Distinct(StringComparer.Ordinal)];

    public static EvidenceOutcome Verified(SpiffeId agent, bool namedByEvidence, IReadOnlyList<AttestedEvidence> evidence) =>
        new(EvidenceStatus.Verified, null, agent, namedByEvidence, evidence);

    public static EvidenceOutcome Malformed(string detail) => new(EvidenceStatus.Malformed, detail, null, false, []);

    public static EvidenceOutcome Refused(string detail, SpiffeId? agent) => new(EvidenceStatus.Refused, detail, agent, false, []);
}
