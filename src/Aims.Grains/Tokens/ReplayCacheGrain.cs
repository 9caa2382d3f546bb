using Aims.Core.Tokens;

namespace Aims.Grains.Tokens;

/// <summary>
/// In memory by design: a durable write per assertion would cap token throughput at the disk's sync rate. The
/// cost is that a silo crash forgets the shards it hosted; assertions are short-lived (the validator refuses
/// lifetimes over a few minutes), which bounds that window. An agent's own client assertions are spent in its
/// <see cref="Agents.AgentGrain"/> instead, which also knows which of its JWT-SVIDs were revoked.
/// </summary>
public sealed class ReplayCacheGrain(TimeProvider time) : Grain, IReplayCacheGrain
{
    private readonly SingleUseIds _seen = new();

    public Task<bool> TryUseAsync(string issuer, string jti, DateTimeOffset expiresAt) =>
        Task.FromResult(_seen.TryUse(issuer + "\n" + jti, expiresAt, time.GetUtcNow()));
}
