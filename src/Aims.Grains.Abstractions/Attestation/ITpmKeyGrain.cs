namespace Aims.Grains.Attestation;

/// <summary>
/// The enrolment of one TPM attestation key, keyed by its id (hex SHA-256 of the SubjectPublicKeyInfo,
/// <see cref="GrainKeys.TpmKey"/>): which agent it attests, and which PCR values its quotes must show.
/// </summary>
[Alias("aims.ITpmKeyGrain")]
public interface ITpmKeyGrain : IGrainWithStringKey
{
    /// <summary>Enrols the key for a registered agent, audited and durable before it returns; refused when the agent is unknown or the key is enrolled.</summary>
    [Alias("Enrol")] Task<TpmKeyEnrolmentResult> EnrolAsync(TpmKeyEnrolment enrolment);

    /// <summary>The enrolment, or null when the key is not enrolled.</summary>
    [Alias("Get")] Task<TpmKeyView?> GetAsync();

    /// <summary>Withdraws the enrolment of the key for <paramref name="spiffeId"/>; false when it is not enrolled for that agent.</summary>
    [Alias("Remove")] Task<bool> RemoveAsync(string spiffeId, string actor, string correlationId);
}
