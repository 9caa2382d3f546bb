namespace Aims.Core.Wimse;

/// <summary>
/// Single use of WPTs: draft-ietf-wimse-wpt §2 recommends checking "that the value of the <c>jti</c> claim has not
/// been used before in the time window in which the respective WPT would be considered valid", and §5 scopes that
/// to "a particular sender". <see cref="WptValidator"/> asks only once the proof is otherwise valid, so a forged
/// proof never takes a place in the cache.
/// </summary>
public interface IWptReplayCache
{
    /// <summary>Records (<paramref name="sender"/>, <paramref name="jti"/>) until <paramref name="expiresAt"/>, unless it was already there.</summary>
    ReplayCheck TryUse(string sender, string jti, DateTimeOffset expiresAt, DateTimeOffset now);
}
