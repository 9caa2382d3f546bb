using Aims.Core.Tokens;

namespace Aims.Grains.Tokens;

/// <summary>A live access token of an agent as the operator sees it (<c>GET /v1/agents/{id}/tokens</c>); never the token itself.</summary>
/// <param name="Subject">The token's <c>sub</c>: the agent itself, or whom it acts for or impersonates.</param>
/// <param name="GrantType">The grant that produced it.</param>
/// <param name="Scope">The scope the token grain reports now (narrower after a scope reduction).</param>
[GenerateSerializer, Immutable, Alias("aims.TokenSummary")]
public sealed record TokenSummary(
    [property: Id(0)] string Jti,
    [property: Id(1)] string Subject,
    [property: Id(2)] string GrantType,
    [property: Id(3)] IReadOnlyList<string> Audience,
    [property: Id(4)] string Scope,
    [property: Id(5)] DateTimeOffset IssuedAt,
    [property: Id(6)] DateTimeOffset ExpiresAt,
    [property: Id(7)] TokenState State);
