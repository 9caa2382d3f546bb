namespace Aims.Grains.Credentials;

[GenerateSerializer, Immutable, Alias("aims.JwtSvidIssued")]
public sealed record JwtSvidIssued(
    [property: Id(0)] string Jti,
    [property: Id(1)] IReadOnlyList<string> Audience,
    [property: Id(2)] string Token,
    [property: Id(3)] DateTimeOffset ExpiresAt,
    [property: Id(4)] string IssuerKeyId);
