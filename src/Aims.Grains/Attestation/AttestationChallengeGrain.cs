using Aims.Grains.Hosting;

namespace Aims.Grains.Attestation;

/// <summary>
/// A challenge nonce, persisted like a join token: a nonce survives a silo restart within its short life, and once
/// spent it stays spent. Thin: the nonce's rules (size, lifetime bounds) are Core's <c>AttestationChallenge</c>.
/// </summary>
public sealed class AttestationChallengeGrain(
    [PersistentState("attestationChallenge", StorageNames.Aims)] IPersistentState<AttestationChallengeGrainState> state,
    TimeProvider time) : Grain, IAttestationChallengeGrain
{
    public async Task<DateTimeOffset?> IssueAsync(TimeSpan ttl)
    {
        if (state.State.Status != ChallengeStatus.None)
            return null;
        if (Core.Attestation.AttestationChallenge.CheckTtl(ttl) is { } problem)
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, problem);

        state.State.Status = ChallengeStatus.Pending;
        state.State.ExpiresAt = time.GetUtcNow() + ttl;
        await state.WriteStateAsync();
        return state.State.ExpiresAt;
    }

    public async Task<ChallengeRedemption> RedeemAsync()
    {
        switch (state.State.Status)
        {
            case ChallengeStatus.None:
                return new ChallengeRedemption(false, "the nonce was not issued by this fabric; get one from POST /v1/attest/challenge");
            case ChallengeStatus.Used:
                return new ChallengeRedemption(false, "the nonce was already used; nonces are single-use, get a new one from POST /v1/attest/challenge");
            case ChallengeStatus.Expired:
                return new ChallengeRedemption(false, $"the nonce expired at {state.State.ExpiresAt:O}; get a new one from POST /v1/attest/challenge");
        }

        var now = time.GetUtcNow();
        if (now >= state.State.ExpiresAt)
        {
            state.State.Status = ChallengeStatus.Expired;
            await state.WriteStateAsync();
            return new ChallengeRedemption(false, $"the nonce expired at {state.State.ExpiresAt:O}; get a new one from POST /v1/attest/challenge");
        }

        // Durable before acknowledged: the nonce is spent before anyone is told it was good.
        state.State.Status = ChallengeStatus.Used;
        state.State.UsedAt = now;
        await state.WriteStateAsync();
        return new ChallengeRedemption(true, null);
    }
}
