namespace Aims.Grains.Policies;

[GenerateSerializer, Immutable, Alias("aims.PolicyPutResult")]
public sealed record PolicyPutResult(
    [property: Id(0)] PolicyVersion? Version,
    [property: Id(1)] string? Error,
    [property: Id(2)] bool Changed);
