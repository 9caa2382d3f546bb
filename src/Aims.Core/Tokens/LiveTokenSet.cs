namespace Aims.Core.Tokens;

/// <summary>
/// The unexpired access tokens of one agent by <c>jti</c>, for the operator's view of what it holds. A view, not an
/// authority: revocation lives in the token grains, so this set is kept in memory and pruned as tokens expire.
/// It holds at most <see cref="MaxTracked"/> tokens; past that the one expiring first is forgotten (it is still
/// valid, just no longer listed), so an agent that mints without pause cannot grow its grain without bound.
/// </summary>
/// <remarks>
/// Tokens are also kept in expiry order, so adding one, forgetting the first to expire and pruning the expired cost
/// O(log n) each, not a pass over the set: this runs on every token the agent is issued.
/// </remarks>
public sealed class LiveTokenSet
{
    public const int MaxTracked = 1024;

    private static readonly Comparer<LiveToken> ByExpiry = Comparer<LiveToken>.Create((a, b) =>
    {
        var order = a.ExpiresAt.CompareTo(b.ExpiresAt);
        return order != 0 ? order : string.CompareOrdinal(a.Jti, b.Jti);
    });

    private readonly Dictionary<string, LiveToken> _tokens = new(StringComparer.Ordinal);
    private readonly SortedSet<LiveToken> _byExpiry = new(ByExpiry);

    /// <summary>Remembers <paramref name="token"/>, unless it has already expired.</summary>
    public void Add(LiveToken token, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(token);
        Prune(now);
        if (!token.IsLive(now))
            return;

        Remove(token.Jti);
        if (_tokens.Count >= MaxTracked)
            Remove(_byExpiry.Min!.Jti);

        _tokens[token.Jti] = token;
        _byExpiry.Add(token);
    }

    /// <summary>Forgets a token, e.g. one its grain reports revoked; false when it was not tracked.</summary>
    public bool Remove(string jti)
    {
        if (!_tokens.Remove(jti, out var token))
            return false;

        _byExpiry.Remove(token);
        return true;
    }

    public int Count(DateTimeOffset now)
    {
        Prune(now);
        return _tokens.Count;
    }

    /// <summary>The live tokens, soonest to expire first.</summary>
    public IReadOnlyList<LiveToken> Snapshot(DateTimeOffset now)
    {
        Prune(now);
        return [.. _byExpiry];
    }

    /// <summary>Drops expired tokens, soonest first, stopping at the first one still live.</summary>
    private void Prune(DateTimeOffset now)
    {
        while (_byExpiry.Min is { } first && !first.IsLive(now))
            Remove(first.Jti);
    }
}
