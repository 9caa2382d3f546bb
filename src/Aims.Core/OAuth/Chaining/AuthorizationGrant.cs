namespace Aims.Core.OAuth.Chaining;

/// <summary>A minted JWT authorization grant. Never log <see cref="Token"/>; log <see cref="Jti"/>.</summary>
public sealed record AuthorizationGrant(
    string Token,
    string Jti,
    string Issuer,
    string Subject,
    string Audience,
    string ClientId,
    ScopeSet Scope,
    IReadOnlyList<string> Actors,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    string Kid)
{
    public override string ToString() => $"authorization grant sub={Subject} aud={Audience} kid={Kid} jti={Jti} exp={ExpiresAt:O}";
}
