using Aims.Core.Signals.Remediation;
using Aims.Core.StateMachines;
using Aims.Grains;
using Aims.Grains.Agents;
using Aims.Grains.Sessions;

namespace Aims.Api.Signals;

/// <summary>Carries out a remediation decided for a received SET; the agent and session grains audit what they do.</summary>
internal static class Remediations
{
    /// <summary>What was done, for the receiver's own audit record.</summary>
    public static async Task<string> ApplyAsync(IGrainFactory grains, Remediation decision, SignalTransmitter transmitter, string correlationId)
    {
        if (decision.Kind == RemediationKind.None)
            return "no remediation";

        var actor = $"ssf:{transmitter.Issuer.Issuer}";
        var action = new AdminAction(actor, correlationId, decision.Reason);
        if (decision.Kind == RemediationKind.RevokeSession && decision.SessionId is { } sessionId)
        {
            await grains.GetGrain<ISessionGrain>(GrainKeys.Session(sessionId)).RevokeForAgentAsync(decision.Reason, correlationId);
            if (decision.Agent is { } owner)
                await grains.GetGrain<IAgentGrain>(GrainKeys.Agent(owner)).EndSessionAsync(new SessionEnd(sessionId, Core.Sessions.SessionState.Revoked, decision.Reason, correlationId));
            return $"session {sessionId} revoked";
        }

        var agent = grains.GetGrain<IAgentGrain>(GrainKeys.Agent(decision.Agent!));
        if (await agent.GetAsync() is null)
            return $"{decision.Agent} is not registered here; nothing to remediate";
        try
        {
            switch (decision.Kind)
            {
                case RemediationKind.Compromise:
                    await agent.CompromiseAsync(action);
                    break;
                case RemediationKind.Suspend:
                    await agent.SuspendAsync(action);
                    break;
                case RemediationKind.Terminate:
                    await agent.TerminateAsync(action);
                    break;
                case RemediationKind.ReduceScope:
                    await agent.ReduceScopeAsync(new ScopeReduction(transmitter.ReducedScope, decision.Reason, actor, correlationId));
                    break;
                case RemediationKind.RevokeSessions:
                    foreach (var session in await agent.GetSessionsAsync())
                    {
                        await grains.GetGrain<ISessionGrain>(GrainKeys.Session(session.SessionId)).RevokeForAgentAsync(decision.Reason, correlationId);
                        await agent.EndSessionAsync(new SessionEnd(session.SessionId, Core.Sessions.SessionState.Revoked, decision.Reason, correlationId));
                    }

                    break;
            }

            return $"{decision.Kind} applied to {decision.Agent}";
        }
        catch (InvalidTransitionException e)
        {
            // Already there (a second compromise signal, a suspension of a suspended agent): nothing more to do.
            return $"{decision.Kind} not applied: {e.Message}";
        }
    }
}
