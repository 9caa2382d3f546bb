using Aims.Core.Credentials;

namespace Aims.Grains.Credentials;

[GenerateSerializer, Immutable, Alias("aims.CredentialRecord")]
public sealed record CredentialRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] CredentialKind Kind,
    [property: Id(2)] string SpiffeId,
    [property: Id(3)] CredentialState State,
    [property: Id(4)] DateTimeOffset IssuedAt,
    [property: Id(5)] DateTimeOffset ExpiresAt,
    [property: Id(6)] string? IssuerKeyId,
    [property: Id(7)] DateTimeOffset? RevokedAt,
    [property: Id(8)] string? RevocationReason,
    [property: Id(9)] Core.Revocation.RevocationReason? RevocationCode = null);
