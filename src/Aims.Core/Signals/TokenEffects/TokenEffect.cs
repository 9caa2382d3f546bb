using Aims.Core.OAuth;

namespace Aims.Core.Signals.TokenEffects;

/// <summary>
/// The decision on one received event for the access tokens of one agent, and in words, for logs and audit.
/// </summary>
/// <param name="Agent">The agent the event names (a SPIFFE ID or other URI); null when <see cref="Kind"/> is None.</param>
/// <param name="At">When it happened: the revocation instant, or when the ceiling changed (for ordering ceiling changes).</param>
/// <param name="Ceiling">The ceiling of <see cref="TokenEffectKind.ReduceScope"/>.</param>
public sealed record TokenEffect(TokenEffectKind Kind, string? Agent, DateTimeOffset? At, ScopeSet? Ceiling, string Description)
{
    public static TokenEffect None(string description) => new(TokenEffectKind.None, null, null, null, description);

    public static TokenEffect Malformed(string agent, string description) => new(TokenEffectKind.Malformed, agent, null, null, description);
}
