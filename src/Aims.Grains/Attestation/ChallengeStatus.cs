namespace Aims.Grains.Attestation;

/// <summary>A challenge nonce's life: None → Pending → Used | Expired.</summary>
public enum ChallengeStatus
{
    None = 0,
    Pending = 1,
    Used = 2,
    Expired = 3,
}
