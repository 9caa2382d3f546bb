using System.Diagnostics.CodeAnalysis;

namespace Aims.Core.Attestation;

/// <summary>
/// What an attestor decided: the verified evidence, or the rule it broke (e.g. <c>tpm.nonce</c>) and a detail that
/// tells the caller what to fix. Refused evidence is data, not an exception.
/// </summary>
public sealed class AttestationResult
{
    private AttestationResult(AttestedEvidence? evidence, string? rule, string? detail)
    {
        Evidence = evidence;
        Rule = rule;
        Detail = detail;
    }

    [MemberNotNullWhen(true, nameof(Evidence))]
    [MemberNotNullWhen(false, nameof(Rule), nameof(Detail), nameof(Reason))]
    public bool IsVerified => Evidence is not null;

    public AttestedEvidence? Evidence { get; }

    /// <summary>The name of the broken rule: the evidence type, a dot, the check (<c>slsa.builder</c>).</summary>
    public string? Rule { get; }

    public string? Detail { get; }

    /// <summary>"rule: detail", as the caller and the audit log see it.</summary>
    public string? Reason => Rule is null ? null : $"{Rule}: {Detail}";

    public static AttestationResult Verified(AttestedEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        return new(evidence, null, null);
    }

    public static AttestationResult Refused(string rule, string detail)
    {
        ArgumentException.ThrowIfNullOrEmpty(rule);
        ArgumentException.ThrowIfNullOrEmpty(detail);
        return new(null, rule, detail);
    }

    public override string ToString() => IsVerified ? $"verified {Evidence.Type} by {Evidence.VerifiedBy}" : Reason;
}
