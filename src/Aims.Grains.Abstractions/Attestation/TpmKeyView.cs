namespace Aims.Grains.Attestation;

[GenerateSerializer, Immutable, Alias("aims.TpmKeyView")]
public sealed record TpmKeyView(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string SpiffeId,
    [property: Id(2)] byte[] SubjectPublicKeyInfo,
    [property: Id(3)] IReadOnlyDictionary<int, byte[]> AllowedPcrs,
    [property: Id(4)] DateTimeOffset EnrolledAt);
