namespace Aims.Grains.Authority;

[GenerateSerializer, Immutable, Alias("aims.RotationReport")]
public sealed record RotationReport(
    [property: Id(0)] long Sequence,
    [property: Id(1)] IReadOnlyList<string> Changes);
