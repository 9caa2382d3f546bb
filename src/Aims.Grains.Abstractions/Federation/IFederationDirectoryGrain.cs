namespace Aims.Grains.Federation;

/// <summary>
/// The silo's configured federation relationships, for callers outside the silo (the node agent, the CLI through the
/// API) that do not hold the configuration: keyed by <see cref="GrainKeys.FederationDirectory"/>.
/// </summary>
[Alias("aims.IFederationDirectoryGrain")]
public interface IFederationDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Every configured relationship's status, ordered by trust domain.</summary>
    [Alias("List")] Task<IReadOnlyList<FederatedBundleStatus>> ListAsync();

    /// <summary>Every federated bundle fetched so far, each separate, ordered by trust domain.</summary>
    [Alias("GetBundles")] Task<IReadOnlyList<FederatedBundleView>> GetBundlesAsync();
}
