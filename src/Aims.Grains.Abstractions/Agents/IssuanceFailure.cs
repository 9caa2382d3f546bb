namespace Aims.Grains.Agents;

[GenerateSerializer, Immutable, Alias("aims.IssuanceFailure")]
public sealed record IssuanceFailure([property: Id(0)] IssuanceFailureKind Kind, [property: Id(1)] string Detail);
