namespace Aims.Grains.Attestation;

/// <summary>The enrolment, or why there is none: <see cref="Conflict"/> when the key is already enrolled (409), else 404/400.</summary>
[GenerateSerializer, Immutable, Alias("aims.TpmKeyEnrolmentResult")]
public sealed record TpmKeyEnrolmentResult(
    [property: Id(0)] TpmKeyView? Key,
    [property: Id(1)] string? Error,
    [property: Id(2)] bool Conflict);
