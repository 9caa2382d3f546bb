namespace Aims.Core.Sessions;

/// <summary>
/// The refresh tokens of one session, as hashes: the current one, and those rotated out, remembered so a replay of
/// any of them is recognised (RFC 9700 §4.14.2, refresh token rotation).
/// </summary>
public sealed record RefreshFamily(string CurrentHash, IReadOnlyList<string> PreviousHashes)
{
    public static RefreshFamily Empty { get; } = new(string.Empty, []);

    /// <summary>The family after <paramref name="nextHash"/> replaced the current token; the oldest hashes beyond the limit are dropped.</summary>
    public RefreshFamily Rotate(string nextHash)
    {
        ArgumentException.ThrowIfNullOrEmpty(nextHash);
        if (string.IsNullOrEmpty(CurrentHash))
            return new RefreshFamily(nextHash, PreviousHashes);

        var previous = PreviousHashes.Append(CurrentHash).TakeLast(SessionLimits.MaxRefreshHistory).ToArray();
        return new RefreshFamily(nextHash, previous);
    }

    public bool IsCurrent(string token) => OpaqueSecrets.Matches(token, CurrentHash);

    public bool IsRotatedOut(string token)
    {
        var found = false;
        // Every entry is compared, so the time taken does not tell how old a replayed token is.
        foreach (var hash in PreviousHashes)
            found |= OpaqueSecrets.Matches(token, hash);
        return found;
    }
}
