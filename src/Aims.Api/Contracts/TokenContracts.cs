using Aims.Core.Tokens;
using Aims.Grains.Tokens;

namespace Aims.Api.Contracts;

/// <summary>
/// One live access token of an agent (<c>GET /v1/agents/{id}/tokens</c>), named like the claims and introspection
/// members it mirrors (RFC 7662 §2.2); never the token itself.
/// </summary>
public sealed record LiveTokenResponse(
    string Jti,
    string Sub,
    string GrantType,
    IReadOnlyList<string> Aud,
    string Scope,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    TokenState State)
{
    public static LiveTokenResponse From(TokenSummary token) =>
        new(token.Jti, token.Subject, token.GrantType, token.Audience, token.Scope, token.IssuedAt, token.ExpiresAt, token.State);
}

public sealed record LiveTokenListResponse(IReadOnlyList<LiveTokenResponse> Tokens);
