using Aims.Core.OAuth;

namespace Aims.Core.Signals.TokenEffects;

/// <summary>
/// What this fabric knows, from the agent's own fabric's signals, about an agent of a partner trust domain that it
/// issues tokens to through identity chaining: every token and authorization grant of it issued at or before
/// <see cref="RevokedBefore"/> is refused, and its tokens carry at most <see cref="Ceiling"/>. Only that fabric's
/// transmitter changes it; it never gets less strict by accident (a revocation instant never moves back, and a
/// ceiling change older than the one applied is ignored).
/// </summary>
public sealed record PartnerAgentStanding(DateTimeOffset? RevokedBefore, ScopeSet? Ceiling, DateTimeOffset? CeilingChangedAt)
{
    public static readonly PartnerAgentStanding Clean = new(null, null, null);

    /// <summary>True when a token or grant issued at <paramref name="issuedAt"/> (unknown: null) is refused.</summary>
    public bool Revokes(DateTimeOffset? issuedAt) => RevokedBefore is { } revokedAt && (issuedAt is null || issuedAt <= revokedAt);

    /// <summary>The standing after <paramref name="effect"/>, and whether it changed.</summary>
    public (PartnerAgentStanding Next, bool Changed) Apply(TokenEffect effect)
    {
        ArgumentNullException.ThrowIfNull(effect);
        switch (effect.Kind)
        {
            case TokenEffectKind.RevokeIssuedBefore when RevokedBefore is null || effect.At > RevokedBefore:
                return (this with { RevokedBefore = effect.At }, true);
            case TokenEffectKind.ReduceScope or TokenEffectKind.RestoreScope when CeilingChangedAt is null || effect.At >= CeilingChangedAt:
                return (this with { Ceiling = effect.Ceiling, CeilingChangedAt = effect.At }, true);
            default:
                return (this, false);
        }
    }
}
