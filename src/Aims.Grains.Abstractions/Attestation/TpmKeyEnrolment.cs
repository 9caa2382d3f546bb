namespace Aims.Grains.Attestation;

/// <param name="SubjectPublicKeyInfo">The AK's public key, DER (already checked by Core's <c>TpmAttestationKey</c>).</param>
/// <param name="AllowedPcrs">SHA-256 bank values the AK's quotes must show, by PCR index; empty for none pinned.</param>
[GenerateSerializer, Immutable, Alias("aims.TpmKeyEnrolment")]
public sealed record TpmKeyEnrolment(
    [property: Id(0)] string SpiffeId,
    [property: Id(1)] byte[] SubjectPublicKeyInfo,
    [property: Id(2)] IReadOnlyDictionary<int, byte[]> AllowedPcrs,
    [property: Id(3)] string Actor,
    [property: Id(4)] string CorrelationId);
