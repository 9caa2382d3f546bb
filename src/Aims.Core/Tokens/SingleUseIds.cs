namespace Aims.Core.Tokens;

/// <summary>
/// Identifiers that may be used once each until they expire: the <c>jti</c>s of client assertions (RFC 7523 §3 item 7)
/// and other single-use JWTs. An identifier is remembered until its own expiry, then forgotten; expired ones are swept
/// at most every <see cref="SweepEvery"/>. Not thread-safe: one owner (a grain activation) uses it.
/// </summary>
public sealed class SingleUseIds
{
    public static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, DateTimeOffset> _used = new(StringComparer.Ordinal);
    private DateTimeOffset _nextSweep;

    public int Count => _used.Count;

    /// <summary>True the first time <paramref name="id"/> is used before <paramref name="expiresAt"/>; false for a replay.</summary>
    public bool TryUse(string id, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(id);
        Sweep(now);
        if (_used.TryGetValue(id, out var until) && until > now)
            return false;

        _used[id] = expiresAt;
        return true;
    }

    private void Sweep(DateTimeOffset now)
    {
        if (now < _nextSweep)
            return;

        foreach (var (id, until) in _used)
        {
            if (until <= now)
                _used.Remove(id);
        }

        _nextSweep = now + SweepEvery;
    }
}
