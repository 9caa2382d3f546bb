namespace Aims.Grains.Tokens;

/// <summary>
/// One shard of the cluster-wide replay cache for single-use <c>jti</c>s (client assertions, RFC 7523 §3 item 7),
/// keyed by <see cref="GrainKeys.ReplayShard"/>. Entries live until the assertion's own expiry.
/// </summary>
[Alias("aims.IReplayCacheGrain")]
public interface IReplayCacheGrain : IGrainWithStringKey
{
    /// <summary>True the first time (issuer, jti) is seen before <paramref name="expiresAt"/>; false for a replay.</summary>
    [Alias("TryUse")] Task<bool> TryUseAsync(string issuer, string jti, DateTimeOffset expiresAt);
}
