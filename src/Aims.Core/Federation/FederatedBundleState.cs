namespace Aims.Core.Federation;

/// <summary>Where a foreign trust domain's bundle stands in this fabric (see <see cref="FederatedBundleLifecycle"/>).</summary>
public enum FederatedBundleState
{
    /// <summary>No bundle has been accepted yet; SVIDs of that trust domain cannot be validated.</summary>
    Unfetched,

    /// <summary>The last fetch succeeded (new or unchanged bundle).</summary>
    Current,

    /// <summary>The last fetch failed; the last good bundle is kept and still used (Federation §5.1).</summary>
    Stale,
}
