namespace Aims.Grains.Tokens;

[GenerateSerializer, Immutable, Alias("aims.AccessTokenIssued")]
public sealed record AccessTokenIssued(
    [property: Id(0)] string Token,
    [property: Id(1)] string Jti,
    [property: Id(2)] string Scope,
    [property: Id(3)] IReadOnlyList<string> Audience,
    [property: Id(4)] DateTimeOffset IssuedAt,
    [property: Id(5)] DateTimeOffset ExpiresAt);
