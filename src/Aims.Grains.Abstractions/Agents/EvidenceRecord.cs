namespace Aims.Grains.Agents;

/// <summary>One item of verified attestation evidence: its type, what vouched for it (AK, issuer, builder) and the selectors it proved.</summary>
[GenerateSerializer, Immutable, Alias("aims.EvidenceRecord")]
public sealed record EvidenceRecord(
    [property: Id(0)] string Type,
    [property: Id(1)] string VerifiedBy,
    [property: Id(2)] IReadOnlyList<string> Selectors);
