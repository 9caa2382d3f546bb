using Aims.Core.Revocation;
using Aims.Grains.Credentials;

namespace Aims.Grains.Agents;

/// <summary>The revoked credential, or why nothing was revoked (<see cref="Failure"/> with a <see cref="Detail"/> that says what to do).</summary>
[GenerateSerializer, Immutable, Alias("aims.CredentialRevocationOutcome")]
public sealed record CredentialRevocationOutcome(
    [property: Id(0)] CredentialSummary? Credential,
    [property: Id(1)] DateTimeOffset? RevokedAt,
    [property: Id(2)] RevocationReason Code,
    [property: Id(3)] CredentialRevocationFailure? Failure,
    [property: Id(4)] string? Detail)
{
    public static CredentialRevocationOutcome Revoked(CredentialSummary credential, DateTimeOffset revokedAt, RevocationReason code) =>
        new(credential, revokedAt, code, null, null);

    public static CredentialRevocationOutcome Refused(CredentialRevocationFailure failure, string detail) =>
        new(null, null, RevocationReason.Unspecified, failure, detail);
}
