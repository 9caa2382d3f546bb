using Aims.Core.Identity;
using Aims.Grains.Audit;
using Aims.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace Aims.Grains.Partners;

/// <summary>
/// Thin: Core's <see cref="Core.Signals.TokenEffects.PartnerAgentStanding"/> decides what a signal changes; the grain
/// writes the new standing and audits it before the receiver acknowledges the SET.
/// </summary>
public sealed class PartnerAgentGrain(
    [PersistentState("partnerAgent", StorageNames.Aims)] IPersistentState<PartnerAgentGrainState> state,
    IOptions<AimsOptions> options) : Grain, IPartnerAgentGrain
{
    public async Task<PartnerAgentView> ApplyAsync(PartnerSignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var agent = this.GetPrimaryKeyString();
        var (next, changed) = state.State.Standing.ToStanding().Apply(signal.ToEffect(agent));
        if (!changed)
            return state.State.Standing;

        state.State.Standing = PartnerAgentView.From(next);
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(TrustDomain.Parse(options.Value.TrustDomain))).AppendAsync(new AuditEntryMessage(
            "partner.agent.signal", "Allowed", AgentId: agent, Resource: $"set:{signal.SetJti}", CorrelationId: signal.CorrelationId,
            Actor: $"ssf:{signal.Transmitter}", Cause: signal.Description,
            Detail: $"tokens and grants issued at or before {next.RevokedBefore?.ToString("O") ?? "-"} refused; ceiling '{next.Ceiling?.ToString() ?? "none"}'"));
        return state.State.Standing;
    }

    public Task<PartnerAgentView> GetAsync() => Task.FromResult(state.State.Standing);
}
