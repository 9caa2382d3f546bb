using Aims.Core.Federation;

namespace Aims.Grains.Federation;

[GenerateSerializer, Alias("aims.FederatedBundleGrainState")]
public sealed class FederatedBundleGrainState
{
    [Id(0)] public FederatedBundleState State { get; set; } = FederatedBundleState.Unfetched;

    /// <summary>The last accepted bundle exactly as served; null while <see cref="State"/> is Unfetched.</summary>
    [Id(1)] public string? BundleJson { get; set; }

    [Id(2)] public long? Sequence { get; set; }

    [Id(3)] public DateTimeOffset? FetchedAt { get; set; }

    [Id(4)] public string? LastError { get; set; }

    [Id(5)] public DateTimeOffset? NextRefreshAt { get; set; }
}
