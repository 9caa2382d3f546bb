namespace Aims.Grains.Sessions;

/// <summary>What an active refresh token stands for (RFC 7662 §2.2), answered by its session.</summary>
/// <param name="User">The user who delegated (<c>sub</c>).</param>
/// <param name="IssuedAt">When this token was issued (the last rotation).</param>
/// <param name="ExpiresAt">The session's absolute end, which no rotation extends.</param>
[GenerateSerializer, Immutable, Alias("aims.RefreshTokenView")]
public sealed record RefreshTokenView(
    [property: Id(0)] string ClientId,
    [property: Id(1)] string User,
    [property: Id(2)] string Scope,
    [property: Id(3)] IReadOnlyList<string> Resources,
    [property: Id(4)] DateTimeOffset IssuedAt,
    [property: Id(5)] DateTimeOffset ExpiresAt);
