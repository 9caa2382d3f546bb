namespace Aims.Grains.Agents;

[GenerateSerializer, Immutable, Alias("aims.AttestationSummary")]
public sealed record AttestationSummary(
    [property: Id(0)] IReadOnlyList<string> EvidenceTypes,
    [property: Id(1)] DateTimeOffset AttestedAt,
    [property: Id(2)] int PolicyVersion);
