namespace Aims.Grains.Federation;

/// <summary>
/// The bundle of one foreign trust domain as this fabric fetched it from its bundle endpoint (SPIFFE Federation §5),
/// keyed by <see cref="GrainKeys.FederatedBundle"/>. Kept apart from every other trust domain's bundle: never merged.
/// </summary>
[Alias("aims.IFederatedBundleGrain")]
public interface IFederatedBundleGrain : IGrainWithStringKey
{
    /// <summary>Arms the refresh timer (fetching at once when nothing was fetched or a refresh is overdue) and answers the status.</summary>
    [Alias("Start")] Task<FederatedBundleStatus> StartAsync();

    [Alias("GetStatus")] Task<FederatedBundleStatus> GetStatusAsync();

    /// <summary>Fetches the bundle now, stores it if it is newer, and answers the status; the next refresh follows its hint.</summary>
    [Alias("Refresh")] Task<FederatedBundleStatus> RefreshAsync();

    /// <summary>The stored bundle document exactly as fetched; null before the first accepted fetch.</summary>
    [Alias("GetBundle")] Task<FederatedBundleView?> GetBundleAsync();
}
