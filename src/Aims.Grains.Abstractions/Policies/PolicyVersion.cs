namespace Aims.Grains.Policies;

/// <summary>One stored version of a policy document (its canonical JSON).</summary>
[GenerateSerializer, Immutable, Alias("aims.PolicyVersion")]
public sealed record PolicyVersion(
    [property: Id(0)] string Name,
    [property: Id(1)] int Version,
    [property: Id(2)] string Document,
    [property: Id(3)] string Sha256,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] string Author);
