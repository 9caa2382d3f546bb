namespace Aims.Grains.Tokens;

/// <summary>
/// In memory by design: a durable write per assertion would cap token throughput at the disk's sync rate. The
/// cost is that a silo crash forgets the shards it hosted; assertions are short-lived (the validator refuses
/// lifetimes over a few minutes), which bounds that window.
/// </summary>
public sealed class ReplayCacheGrain(TimeProvider time) : Grain, IReplayCacheGrain
{
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private DateTimeOffset _nextSweep;

    public Task<bool> TryUseAsync(string issuer, string jti, DateTimeOffset expiresAt)
    {
        var now = time.GetUtcNow();
        Sweep(now);
        var key = issuer + "\n" + jti;
        if (_seen.TryGetValue(key, out var until) && until > now)
            return Task.FromResult(false);

        _seen[key] = expiresAt;
        return Task.FromResult(true);
    }

    private void Sweep(DateTimeOffset now)
    {
        if (now < _nextSweep)
            return;
        foreach (var expired in _seen.Where(e => e.Value <= now).Select(e => e.Key).ToList())
            _seen.Remove(expired);
        _nextSweep = now + TimeSpan.FromSeconds(30);
    }
}
