namespace Aims.Grains.Agents;

/// <param name="Evidence">What vouched for each verified item and the selectors it proved; empty for attestations recorded before this was kept.</param>
[GenerateSerializer, Immutable, Alias("aims.AttestationSummary")]
public sealed record AttestationSummary(
    [property: Id(0)] IReadOnlyList<string> EvidenceTypes,
    [property: Id(1)] DateTimeOffset AttestedAt,
    [property: Id(2)] int PolicyVersion,
    [property: Id(3)] IReadOnlyList<EvidenceRecord>? Evidence = null)
{
    /// <summary>The union of the selectors the evidence proved, sorted.</summary>
    public IReadOnlyList<string> Selectors =>
        [.. (Evidence ?? []).SelectMany(e => e.Selectors).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
