namespace Aims.Grains.Federation;

/// <summary>One federation relationship as <c>GET /v1/federation</c> reports it.</summary>
/// <param name="State"><c>Unfetched</c>, <c>Current</c> or <c>Stale</c>; <c>NotConfigured</c> when no relationship names the trust domain.</param>
/// <param name="Sequence">The stored bundle's <c>spiffe_sequence</c>; null before the first accepted fetch.</param>
/// <param name="FetchedAt">When the stored bundle was last fetched (new or unchanged).</param>
/// <param name="LastError">Why the last fetch failed or its bundle was refused; null after a success.</param>
[GenerateSerializer, Immutable, Alias("aims.FederatedBundleStatus")]
public sealed record FederatedBundleStatus(
    [property: Id(0)] string TrustDomain,
    [property: Id(1)] string? Endpoint,
    [property: Id(2)] string? Profile,
    [property: Id(3)] string State,
    [property: Id(4)] long? Sequence,
    [property: Id(5)] DateTimeOffset? FetchedAt,
    [property: Id(6)] DateTimeOffset? NextRefreshAt,
    [property: Id(7)] string? LastError)
{
    public const string NotConfigured = "NotConfigured";
}
