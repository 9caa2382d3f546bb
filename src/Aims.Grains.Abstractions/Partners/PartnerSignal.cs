using Aims.Core.Signals.TokenEffects;

namespace Aims.Grains.Partners;

/// <summary>What one received SET means for a partner agent's tokens (Core's <see cref="TokenEffect"/>), and where it came from.</summary>
/// <param name="Ceiling">The scope ceiling of a reduction (space-separated); null otherwise.</param>
[GenerateSerializer, Immutable, Alias("aims.PartnerSignal")]
public sealed record PartnerSignal(
    [property: Id(0)] TokenEffectKind Kind,
    [property: Id(1)] DateTimeOffset? At,
    [property: Id(2)] string? Ceiling,
    [property: Id(3)] string Description,
    [property: Id(4)] string Transmitter,
    [property: Id(5)] string SetJti,
    [property: Id(6)] string CorrelationId)
{
    public TokenEffect ToEffect(string agent) =>
        new(Kind, agent, At, Ceiling is null ? null : Core.OAuth.ScopeSet.Parse(Ceiling), Description);

    public static PartnerSignal From(TokenEffect effect, string transmitter, string setJti, string correlationId) =>
        new(effect.Kind, effect.At, effect.Ceiling?.ToString(), effect.Description, transmitter, setJti, correlationId);
}
