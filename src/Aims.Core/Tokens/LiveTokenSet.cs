namespace Aims.Core.Tokens;

/// <summary>
/// The unexpired access tokens of one agent by <c>jti</c>, for the operator's view of what it holds. A view, not an
/// authority: revocation lives in the token grains, so this set is kept in memory and pruned as tokens expire.
/// It holds at most <see cref="MaxTracked"/> tokens; past that the one expiring first is forgotten (it is still
/// valid, just no longer listed), so an agent that mints without pause cannot grow its grain without bound.
/// </summary>
public sealed class LiveTokenSet
{
    public const int MaxTracked = 1024;

    private readonly Dictionary<string, LiveToken> _tokens = new(StringComparer.Ordinal);
    private DateTimeOffset _earliestExpiry = DateTimeOffset.MaxValue;

    /// <summary>Remembers <paramref name="token"/>, unless it has already expired.</summary>
    public void Add(LiveToken token, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(token);
        Prune(now);
        if (!token.IsLive(now))
            return;

        if (!_tokens.ContainsKey(token.Jti) && _tokens.Count >= MaxTracked)
        {
            _tokens.Remove(_tokens.Values.MinBy(t => t.ExpiresAt)!.Jti);
            _earliestExpiry = EarliestExpiry();
        }

        _tokens[token.Jti] = token;
        if (token.ExpiresAt < _earliestExpiry)
            _earliestExpiry = token.ExpiresAt;
    }

    /// <summary>Forgets a token, e.g. one its grain reports revoked; false when it was not tracked.</summary>
    public bool Remove(string jti)
    {
        if (!_tokens.Remove(jti))
            return false;

        _earliestExpiry = EarliestExpiry();
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
        return [.. _tokens.Values.OrderBy(t => t.ExpiresAt).ThenBy(t => t.Jti, StringComparer.Ordinal)];
    }

    /// <summary>Drops expired tokens; a no-op until the earliest of them expires.</summary>
    private void Prune(DateTimeOffset now)
    {
        if (now < _earliestExpiry)
            return;

        foreach (var expired in _tokens.Values.Where(t => !t.IsLive(now)).Select(t => t.Jti).ToList())
            _tokens.Remove(expired);
        _earliestExpiry = EarliestExpiry();
    }

    private DateTimeOffset EarliestExpiry() => _tokens.Count == 0 ? DateTimeOffset.MaxValue : _tokens.Values.Min(t => t.ExpiresAt);
}
