namespace Aims.Core.Attestation;

/// <summary>
/// Evidence an attestor verified: its type, the selectors it proves about the workload, and what vouched for it
/// (the AK, the token issuer, the builder key), for the audit record and the agent's attestation summary.
/// </summary>
/// <param name="SingleUseId">
/// An identifier the caller must remember until <paramref name="SingleUseUntil"/> and refuse to see again (a token's
/// <c>jti</c> when its issuer is configured single-use); null when the evidence carries its own freshness.
/// </param>
public sealed record AttestedEvidence(
    string Type,
    IReadOnlyList<string> Selectors,
    string VerifiedBy,
    string? SingleUseId = null,
    DateTimeOffset? SingleUseUntil = null);
