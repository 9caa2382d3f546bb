namespace Aims.Grains.Authority;

[GenerateSerializer, Immutable, Alias("aims.TrustBundleView")]
public sealed record TrustBundleView(
    [property: Id(0)] string TrustDomain,
    [property: Id(1)] long Sequence,
    [property: Id(2)] string Json,
    [property: Id(3)] string X509AuthoritiesPem,
    [property: Id(4)] string OAuthJwksJson);
