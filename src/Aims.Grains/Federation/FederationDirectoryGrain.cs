using Aims.Grains.Hosting;
using Orleans.Concurrency;

namespace Aims.Grains.Federation;

/// <summary>Answers from the silo's configuration, asking each relationship's <see cref="IFederatedBundleGrain"/>; holds no state.</summary>
[StatelessWorker]
public sealed class FederationDirectoryGrain(FederationSettings settings) : Grain, IFederationDirectoryGrain
{
    public async Task<IReadOnlyList<FederatedBundleStatus>> ListAsync() =>
        await Task.WhenAll(settings.Relationships.All.Select(r => Bundle(r.TrustDomain).GetStatusAsync()));

    public async Task<IReadOnlyList<FederatedBundleView>> GetBundlesAsync()
    {
        var bundles = await Task.WhenAll(settings.Relationships.All.Select(r => Bundle(r.TrustDomain).GetBundleAsync()));
        return [.. bundles.OfType<FederatedBundleView>()];
    }

    private IFederatedBundleGrain Bundle(Core.Identity.TrustDomain trustDomain) =>
        GrainFactory.GetGrain<IFederatedBundleGrain>(GrainKeys.FederatedBundle(trustDomain));
}
