using Aims.Core.Agents;
using Aims.Core.Identity;
using Aims.Core.Signals;

namespace Aims.Grains.Agents;

/// <summary>
/// An agent moves to a new SPIFFE ID (Core <see cref="AgentMoves"/>): the new ID is registered first, so a taken ID
/// changes nothing and an interrupted move completes when asked again; then this ID ends the way termination ends it,
/// durably, and receivers learn the new name (RISC identifier-changed) besides what termination tells them.
/// </summary>
public sealed partial class AgentGrain
{
    public async Task<AgentMoveResult> MoveAsync(AgentMove move)
    {
        ArgumentNullException.ThrowIfNull(move);
        EnsureRegistered();
        var target = SpiffeId.Parse(move.NewSpiffeId);
        if (AgentMoves.CheckTarget(Id, target) is { } badTarget)
            throw new ArgumentException(badTarget, nameof(move));
        if (S.MovedTo is { } movedTo)
            return new AgentMoveResult(AgentMoveOutcome.SourceNotMovable, View(), null, $"the agent already moved to {movedTo}");
        if (AgentMoves.Refusal(S.State) is { } refusal)
            return new AgentMoveResult(AgentMoveOutcome.SourceNotMovable, View(), null, refusal);

        // No credential, token or scope reduction crosses over: the new agent is Registered and attests again.
        var arrived = await GrainFactory.Reference<IAgentGrain>(GrainKeys.Agent(target)).RegisterAsync(
            new RegisterAgent(S.Policy, S.Selectors, S.Metadata, move.Actor, move.CorrelationId, MovedFrom: Id.ToString()));
        if (arrived is null)
            return new AgentMoveResult(AgentMoveOutcome.TargetTaken, View(), null, $"agent {target} is already registered; a move needs an unused SPIFFE ID");

        var from = S.State;
        S.State = AgentTransitions.Move(from);
        S.MovedTo = target.ToString();

        // The new agent's audit record names this one as its cause; this one's names the new ID and the operator's reason.
        var action = new AdminAction(move.Actor, move.CorrelationId, move.Reason is null ? $"moved to {target}" : $"moved to {target}: {move.Reason}");
        var cause = await RevokeEverythingAsync("agent.move", action, from);

        // RISC 1.0 §2.5: the subject is the old identifier and new-value the new one.
        List<SecurityEvent> events = [SecurityEvents.IdentifierChanged(AgentSubject(), target.ToString(), cause)];
        events.AddRange(await EndHoldingsAsync(cause, move.CorrelationId));
        await DispatchAsync(events, action, "agent.move");
        return new AgentMoveResult(AgentMoveOutcome.Moved, View(), arrived, null);
    }
}
