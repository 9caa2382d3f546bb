namespace Aims.Core.Signals.Streams;

/// <summary>
/// The SETs of one stream that the receiver has not taken yet, oldest first. Poll receivers get them until they
/// acknowledge them (RFC 8936 §2.4: unacknowledged SETs are sent again); push delivery removes a SET on 202 and
/// retries a failed one with exponential back-off (RFC 8935 §4 lets the transmitter retry recoverable failures).
/// When the queue is full the oldest SET is dropped, and <see cref="Dropped"/> counts it so the loss is visible.
/// </summary>
public sealed class SetQueue(List<PendingSet> items, int capacity)
{
    public const int DefaultCapacity = 10_000;

    /// <summary>First retry after this; doubles per attempt up to <see cref="MaxBackoff"/>.</summary>
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    public IReadOnlyList<PendingSet> Items => items;

    public int Dropped { get; private set; }

    public void Enqueue(string jti, string token, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(jti);
        ArgumentException.ThrowIfNullOrEmpty(token);
        while (items.Count >= capacity)
        {
            items.RemoveAt(0);
            Dropped++;
        }

        items.Add(new PendingSet(jti, token, now, 0, now));
    }

    /// <summary>Releases acknowledged SETs (RFC 8936 §2.4 <c>ack</c>, or a 202 to a push); returns how many were pending.</summary>
    public int Remove(IEnumerable<string> jtis)
    {
        var set = jtis.ToHashSet(StringComparer.Ordinal);
        return items.RemoveAll(p => set.Contains(p.Jti));
    }

    /// <summary>Up to <paramref name="max"/> unacknowledged SETs for a poll, oldest first, and whether more wait.</summary>
    public (IReadOnlyList<PendingSet> Sets, bool MoreAvailable) ForPoll(int max)
    {
        var take = items.Take(Math.Max(max, 0)).ToList();
        return (take, items.Count > take.Count);
    }

    /// <summary>The oldest SET whose next push attempt is due, or null.</summary>
    public PendingSet? DueForPush(DateTimeOffset now) => items.FirstOrDefault(p => p.NextAttemptAt <= now);

    /// <summary>When the next push attempt is due, or null when nothing waits.</summary>
    public DateTimeOffset? NextAttemptAt() => items.Count == 0 ? null : items.Min(p => p.NextAttemptAt);

    /// <summary>A push failed in a way worth retrying: the SET waits <see cref="Backoff"/> before the next try.</summary>
    public void Failed(string jti, DateTimeOffset now)
    {
        var index = items.FindIndex(p => p.Jti == jti);
        if (index < 0)
            return;
        var attempts = items[index].Attempts + 1;
        items[index] = items[index] with { Attempts = attempts, NextAttemptAt = now + Backoff(attempts) };
    }

    public static TimeSpan Backoff(int attempts)
    {
        var seconds = FirstBackoff.TotalSeconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 20));
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxBackoff.TotalSeconds));
    }
}
