namespace Aims.Core.OAuth;

/// <summary>
/// An RFC 9068 JWT access token, as minted or as validated. <see cref="Actors"/> lists the delegation chain from the
/// current actor outwards (RFC 8693 §4.1), empty when no one acts for the subject. Never log <see cref="Token"/>;
/// log <see cref="Jti"/>.
/// </summary>
public sealed record AccessToken(
    string Token,
    string Jti,
    string Issuer,
    string Subject,
    string ClientId,
    IReadOnlyList<string> Audience,
    ScopeSet Scope,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<string> Actors,
    string? CnfX5tS256,
    string Kid)
{
    /// <summary>The party acting for <see cref="Subject"/> (the outermost <c>act</c>), or null.</summary>
    public string? Actor => Actors.Count > 0 ? Actors[0] : null;

    /// <summary>
    /// The one party the token says may act for <see cref="Subject"/> (RFC 8693 §4.4 <c>may_act.sub</c>), or null when
    /// the token makes no such statement. A token exchange by anyone else is refused.
    /// </summary>
    public string? MayAct { get; init; }

    public override string ToString() =>
        $"access token sub={Subject} client_id={ClientId} kid={Kid} jti={Jti} exp={ExpiresAt:O}";
}
