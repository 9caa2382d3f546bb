using System.Collections.Concurrent;

namespace Aims.Core.Wimse;

/// <summary>
/// An in-memory <see cref="IWptReplayCache"/> for one process: bounded to <see cref="Capacity"/> entries, each kept
/// until its proof expires. Expired entries are swept every <see cref="SweepInterval"/>, and when the cache is full
/// (at most once per <see cref="FullSweepGap"/>, so a full cache cannot make every request walk it); a cache still
/// full of live entries refuses (fails closed) rather than forgetting a live <c>jti</c>.
/// Only proofs that passed every other check are recorded, so filling it takes valid WITs and their keys.
/// Thread-safe; time comes from the caller.
/// </summary>
public sealed class WptReplayCache(int capacity = WptReplayCache.DefaultCapacity) : IWptReplayCache
{
    public const int DefaultCapacity = 100_000;

    /// <summary>
    /// For a caller whose replay store cannot answer synchronously (a cluster-wide one): validation then leaves single
    /// use to the caller, which must record <see cref="WorkloadProof.Jti"/> for <see cref="WorkloadProof.Subject"/> until
    /// <see cref="WorkloadProof.ExpiresAt"/> right after a successful validation, and refuse the request if it was known.
    /// </summary>
    public static readonly IWptReplayCache CheckedByCaller = new CallerChecked();

    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan FullSweepGap = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<(string Sender, string Jti), DateTimeOffset> _used = new();
    private readonly Lock _sweep = new();
    private int _count;
    // UTC ticks, read without the lock: a stale value only moves a sweep by one call.
    private long _nextSweep;
    private long _lastSweep;

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), "The capacity must be positive.");

    /// <summary>Entries held now, expired ones included until the next sweep.</summary>
    public int Count => Volatile.Read(ref _count);

    public ReplayCheck TryUse(string sender, string jti, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(jti);
        if (IsSweepDue(now))
            Sweep(now);

        var key = (sender, jti);
        if (_used.TryGetValue(key, out var until))
        {
            // An entry past its expiry is not a replay: that proof is refused as expired before it gets here.
            if (until > now)
                return ReplayCheck.Replayed;
            if (_used.TryRemove(new KeyValuePair<(string, string), DateTimeOffset>(key, until)))
                Interlocked.Decrement(ref _count);
        }

        if (Interlocked.Increment(ref _count) > Capacity)
        {
            Interlocked.Decrement(ref _count);
            return ReplayCheck.Full;
        }

        if (_used.TryAdd(key, expiresAt))
            return ReplayCheck.FirstUse;

        // Another request with the same proof won the race.
        Interlocked.Decrement(ref _count);
        return ReplayCheck.Replayed;
    }

    private sealed class CallerChecked : IWptReplayCache
    {
        public ReplayCheck TryUse(string sender, string jti, DateTimeOffset expiresAt, DateTimeOffset now) => ReplayCheck.FirstUse;
    }

    private bool IsSweepDue(DateTimeOffset now) =>
        now.UtcTicks >= Volatile.Read(ref _nextSweep)
        || (Count >= Capacity && now.UtcTicks - Volatile.Read(ref _lastSweep) >= FullSweepGap.Ticks);

    private void Sweep(DateTimeOffset now)
    {
        if (!_sweep.TryEnter())
            return;
        try
        {
            if (!IsSweepDue(now))
                return;
            Volatile.Write(ref _lastSweep, now.UtcTicks);
            Volatile.Write(ref _nextSweep, (now + SweepInterval).UtcTicks);
            foreach (var (key, until) in _used)
            {
                if (until <= now && _used.TryRemove(new KeyValuePair<(string, string), DateTimeOffset>(key, until)))
                    Interlocked.Decrement(ref _count);
            }
        }
        finally
        {
            _sweep.Exit();
        }
    }
}
