namespace Aims.Grains.Attestation;

/// <summary>
/// One challenge nonce of <c>POST /v1/attest/challenge</c>: Pending → Used | Expired. Keyed by the nonce's SHA-256
/// (<see cref="GrainKeys.AttestationChallenge"/>), so the nonce itself is never stored.
/// </summary>
[Alias("aims.IAttestationChallengeGrain")]
public interface IAttestationChallengeGrain : IGrainWithStringKey
{
    /// <summary>Records the nonce as issued until now + <paramref name="ttl"/>; null when this nonce was issued before.</summary>
    [Alias("Issue")] Task<DateTimeOffset?> IssueAsync(TimeSpan ttl);

    /// <summary>Spends the nonce before saying it was good; an unknown, used or expired nonce is refused with the reason.</summary>
    [Alias("Redeem")] Task<ChallengeRedemption> RedeemAsync();
}
