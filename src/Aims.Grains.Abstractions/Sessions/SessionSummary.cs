using Aims.Core.Sessions;

namespace Aims.Grains.Sessions;

/// <summary>A session as an operator lists it (<c>GET /v1/agents/{id}/sessions</c>); no secret or hash in it.</summary>
/// <param name="User">The user who delegated: the <c>sub</c> of the session's access tokens.</param>
/// <param name="Scope">The granted scope, space-separated.</param>
/// <param name="ExpiresAt">The absolute end of the session.</param>
[GenerateSerializer, Immutable, Alias("aims.SessionSummary")]
public sealed record SessionSummary(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string ClientId,
    [property: Id(2)] string User,
    [property: Id(3)] string Scope,
    [property: Id(4)] IReadOnlyList<string> Resources,
    [property: Id(5)] SessionState State,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset ExpiresAt);
