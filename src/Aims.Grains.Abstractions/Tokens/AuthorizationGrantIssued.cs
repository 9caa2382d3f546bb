namespace Aims.Grains.Tokens;

/// <summary>A signed JWT authorization grant and what the token endpoint answers about it. Log <see cref="Jti"/>, never the token.</summary>
[GenerateSerializer, Immutable, Alias("aims.AuthorizationGrantIssued")]
public sealed record AuthorizationGrantIssued(
    [property: Id(0)] string Token,
    [property: Id(1)] string Jti,
    [property: Id(2)] string Scope,
    [property: Id(3)] string Audience,
    [property: Id(4)] DateTimeOffset IssuedAt,
    [property: Id(5)] DateTimeOffset ExpiresAt,
    [property: Id(6)] string Kid);
