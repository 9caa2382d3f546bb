namespace Aims.Grains.JoinTokens;

[GenerateSerializer, Immutable, Alias("aims.JoinTokenCreation")]
public sealed record JoinTokenCreation(
    [property: Id(0)] bool Created,
    [property: Id(1)] DateTimeOffset ExpiresAt,
    [property: Id(2)] string? Error);
