namespace Aims.Grains.Credentials;

[GenerateSerializer, Immutable, Alias("aims.X509SvidIssued")]
public sealed record X509SvidIssued(
    [property: Id(0)] string SerialNumber,
    [property: Id(1)] string ChainPem,
    [property: Id(2)] DateTimeOffset NotBefore,
    [property: Id(3)] DateTimeOffset ExpiresAt,
    [property: Id(4)] string IssuerKeyId,
    [property: Id(5)] string? SubjectJwkJson = null);
