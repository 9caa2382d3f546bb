using System.Collections.Concurrent;
using Aims.Core.Tokens;

namespace Aims.ResourceServer.Signals;

/// <summary>
/// The <c>jti</c>s of SETs already taken in (RFC 8417 §2.2: unique per transmitter), so that a SET is applied once:
/// a replayed scope change must not undo a later one. Entries live as long as <see cref="Window"/>; SETs older than
/// that are no longer applied at all (no token outlives them), so a replay can never slip in after its entry is
/// dropped. Only authentic SETs are recorded, so nobody but the fabric can grow it.
/// </summary>
internal sealed class SetReplayCache
{
    public static readonly TimeSpan Window = RevocationCache.AgentEntryLifetime;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    public int Count => _seen.Count;

    /// <summary>True the first time <paramref name="jti"/> is seen; false for a replay.</summary>
    public bool TryRecord(string jti, DateTimeOffset issuedAt) => _seen.TryAdd(jti, issuedAt);

    public static bool IsTooOld(DateTimeOffset issuedAt, DateTimeOffset now) => issuedAt + Window <= now;

    public void Prune(DateTimeOffset now)
    {
        foreach (var (jti, issuedAt) in _seen)
        {
            if (IsTooOld(issuedAt, now))
                _seen.TryRemove(jti, out _);
        }
    }
}
