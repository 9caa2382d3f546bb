namespace Aims.Grains.Federation;

/// <summary>A stored federated bundle: the document as fetched and its sequence.</summary>
[GenerateSerializer, Immutable, Alias("aims.FederatedBundleView")]
public sealed record FederatedBundleView(
    [property: Id(0)] string TrustDomain,
    [property: Id(1)] long Sequence,
    [property: Id(2)] string Json);
