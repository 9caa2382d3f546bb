namespace Aims.Core.Federation;

/// <summary>
/// The transitions of <see cref="FederatedBundleState"/>: <c>Unfetched → Current</c> on the first accepted bundle,
/// <c>Current ⇄ Stale</c> as fetches fail and succeed. A failed fetch never drops a bundle: the last good one stays
/// in use until a newer one arrives (SPIFFE Federation §5.1 "retry at the next interval").
/// </summary>
public static class FederatedBundleLifecycle
{
    /// <summary>The state after a fetch that returned a bundle accepted as new or unchanged.</summary>
    public static FederatedBundleState OnBundleAccepted(FederatedBundleState from) => from switch
    {
        FederatedBundleState.Unfetched or FederatedBundleState.Current or FederatedBundleState.Stale => FederatedBundleState.Current,
        _ => throw new ArgumentOutOfRangeException(nameof(from), from, "unknown federated bundle state"),
    };

    /// <summary>
    /// The state after a fetch that failed or returned a refused bundle: still <c>Unfetched</c> without a bundle,
    /// otherwise <c>Stale</c>. The caller records the error either way, so the move is never silent.
    /// </summary>
    public static FederatedBundleState OnFetchFailed(FederatedBundleState from) => from switch
    {
        FederatedBundleState.Unfetched => FederatedBundleState.Unfetched,
        FederatedBundleState.Current or FederatedBundleState.Stale => FederatedBundleState.Stale,
        _ => throw new ArgumentOutOfRangeException(nameof(from), from, "unknown federated bundle state"),
    };
}
