namespace Aims.Grains.JoinTokens;

[GenerateSerializer, Immutable, Alias("aims.JoinTokenRedemption")]
public sealed record JoinTokenRedemption(
    [property: Id(0)] bool Accepted,
    [property: Id(1)] string? SpiffeId,
    [property: Id(2)] string? Reason);
