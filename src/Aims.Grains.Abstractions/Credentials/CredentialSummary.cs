using Aims.Core.Credentials;

namespace Aims.Grains.Credentials;

[GenerateSerializer, Immutable, Alias("aims.CredentialSummary")]
public sealed record CredentialSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] CredentialKind Kind,
    [property: Id(2)] CredentialState State,
    [property: Id(3)] DateTimeOffset IssuedAt,
    [property: Id(4)] DateTimeOffset ExpiresAt,
    [property: Id(5)] IReadOnlyList<string> Audience);
