namespace Aims.Grains.Attestation;

[GenerateSerializer, Immutable, Alias("aims.ChallengeRedemption")]
public sealed record ChallengeRedemption([property: Id(0)] bool Accepted, [property: Id(1)] string? Reason);
