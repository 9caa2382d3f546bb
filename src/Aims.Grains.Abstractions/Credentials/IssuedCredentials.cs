namespace Aims.Grains.Credentials;

[GenerateSerializer, Immutable, Alias("aims.X509SvidIssued")]
public sealed record X509SvidIssued(
    [property: Id(0)] string SerialNumber,
    [property: Id(1)] string ChainPem,
    [property: Id(2)] DateTimeOffset NotBefore,
    [property: Id(3)] DateTimeOffset ExpiresAt,
    [property: Id(4)] string IssuerKeyId);

[GenerateSerializer, Immutable, Alias("aims.JwtSvidIssued")]
public sealed record JwtSvidIssued(
    [property: Id(0)] string Jti,
    [property: Id(1)] IReadOnlyList<string> Audience,
    [property: Id(2)] string Token,
    [property: Id(3)] DateTimeOffset ExpiresAt,
    [property: Id(4)] string IssuerKeyId);

[GenerateSerializer, Immutable, Alias("aims.WitIssued")]
public sealed record WitIssued(
    [property: Id(0)] string Jti,
    [property: Id(1)] string Token,
    [property: Id(2)] DateTimeOffset ExpiresAt,
    [property: Id(3)] string IssuerKeyId);
