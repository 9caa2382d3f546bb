using Aims.Core.Attestation;
using Aims.Core.Identity;
using Aims.Grains.Agents;
using Aims.Grains.Audit;
using Aims.Grains.Hosting;

namespace Aims.Grains.JoinTokens;

public sealed class JoinTokenGrain(
    [PersistentState("joinToken", StorageNames.Aims)] IPersistentState<JoinTokenGrainState> state,
    TimeProvider time) : Grain, IJoinTokenGrain
{
    public async Task<JoinTokenCreation> CreateAsync(string spiffeId, TimeSpan ttl, string actor, string correlationId)
    {
        var expiresAt = time.GetUtcNow() + ttl;
        if (state.State.Status != JoinTokenStatus.None)
            return new JoinTokenCreation(false, expiresAt, "a join token with this value already exists; generate a new value");
        if (JoinTokenRules.CheckTtl(ttl) is { } ttlProblem)
            return new JoinTokenCreation(false, expiresAt, ttlProblem);
        var id = SpiffeId.Parse(spiffeId);
        if (await GrainFactory.GetGrain<IAgentGrain>(GrainKeys.Agent(id)).GetAsync() is null)
            return new JoinTokenCreation(false, expiresAt, $"agent {id} is not registered; register it first (POST /v1/agents)");

        state.State.Status = JoinTokenStatus.Pending;
        state.State.SpiffeId = spiffeId;
        state.State.ExpiresAt = expiresAt;
        state.State.CreatedAt = time.GetUtcNow();
        state.State.CreatedBy = actor;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(id.TrustDomain)).AppendAsync(new AuditEntryMessage(
            "join-token.create", "Allowed", AgentId: spiffeId, Resource: $"join-token:{this.GetPrimaryKeyString()[..16]}",
            CorrelationId: correlationId, Actor: actor, Detail: $"expires {expiresAt:O}"));
        return new JoinTokenCreation(true, expiresAt, null);
    }

    public async Task<JoinTokenRedemption> RedeemAsync()
    {
        var now = time.GetUtcNow();
        switch (state.State.Status)
        {
            case JoinTokenStatus.None:
                return new JoinTokenRedemption(false, null, "the join token is unknown; ask an operator for a new one (POST /v1/join-tokens)");
            case JoinTokenStatus.Used:
                return new JoinTokenRedemption(false, state.State.SpiffeId, "the join token was already used; join tokens are single-use");
            case JoinTokenStatus.Expired:
                return new JoinTokenRedemption(false, state.State.SpiffeId, "the join token has expired");
        }

        if (now >= state.State.ExpiresAt)
        {
            state.State.Status = JoinTokenStatus.Expired;
            await state.WriteStateAsync();
            return new JoinTokenRedemption(false, state.State.SpiffeId, $"the join token expired at {state.State.ExpiresAt:O}");
        }

        // Durable before acknowledged: the token is spent before anyone is told it was accepted.
        state.State.Status = JoinTokenStatus.Used;
        state.State.UsedAt = now;
        await state.WriteStateAsync();
        return new JoinTokenRedemption(true, state.State.SpiffeId, null);
    }
}
