namespace Aims.Grains.Attestation;

public enum ChallengeStatus
{
    None = 0,
    Pending = 1,
    Used = 2,
    Expired = 3,
}

[GenerateSerializer, Alias("aims.AttestationChallengeGrainState")]
public sealed class AttestationChallengeGrainState
{
    [Id(0)] public ChallengeStatus Status { get; set; }

    [Id(1)] public DateTimeOffset ExpiresAt { get; set; }

    [Id(2)] public DateTimeOffset? UsedAt { get; set; }
}
