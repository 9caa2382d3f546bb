using Aims.Core.Signals;
using Aims.Core.Signals.TokenEffects;
using Aims.Core.Tokens;

namespace Aims.ResourceServer.Signals;

/// <summary>
/// Turns the fabric's verified CAEP/RISC events into entries of the <see cref="RevocationCache"/>, as Core's
/// <see cref="TokenEffectRules"/> decide: revocations of every token of an agent issued up to an event, and scope
/// ceilings (lowered on a reduction, back to the policy's on a restore, lifted when the fabric says <c>*</c>). Ceiling
/// changes apply in event order: an older one arriving late is ignored.
/// </summary>
public sealed class RevocationSignals(RevocationCache cache)
{
    private readonly Dictionary<string, DateTimeOffset> _ceilingChangedAt = new(StringComparer.Ordinal);
    private readonly Lock _ceilingOrder = new();

    public SignalEffect Apply(ReceivedSecurityEvent received)
    {
        var effect = TokenEffectRules.Decide(received);
        switch (effect.Kind)
        {
            case TokenEffectKind.RevokeIssuedBefore:
                cache.RevokeAgent(effect.Agent!, effect.At!.Value);
                return new SignalEffect(SignalEffectKind.AgentRevoked, effect.Agent, effect.Description);
            case TokenEffectKind.ReduceScope or TokenEffectKind.RestoreScope:
                return ChangeCeiling(effect);
            case TokenEffectKind.Malformed:
                return new SignalEffect(SignalEffectKind.Malformed, effect.Agent, effect.Description);
            default:
                return SignalEffect.None(effect.Description);
        }
    }

    /// <summary>Forgets ceiling order entries no event can still be compared with.</summary>
    public void Prune(DateTimeOffset now)
    {
        lock (_ceilingOrder)
        {
            foreach (var (agent, changedAt) in _ceilingChangedAt.ToList())
            {
                if (changedAt + RevocationCache.AgentEntryLifetime <= now)
                    _ceilingChangedAt.Remove(agent);
            }
        }
    }

    private SignalEffect ChangeCeiling(TokenEffect effect)
    {
        var agent = effect.Agent!;
        var changedAt = effect.At!.Value;
        lock (_ceilingOrder)
        {
            if (_ceilingChangedAt.TryGetValue(agent, out var applied) && applied > changedAt)
                return SignalEffect.None($"token-claims-change about {agent} from {changedAt:O} is older than the one applied ({applied:O})");

            _ceilingChangedAt[agent] = changedAt;
            cache.SetScopeCeiling(agent, effect.Ceiling);
        }

        return new SignalEffect(effect.Kind == TokenEffectKind.ReduceScope ? SignalEffectKind.ScopeReduced : SignalEffectKind.ScopeRestored, agent, effect.Description);
    }
}
