namespace Aims.Grains.Authority;

/// <summary>
/// Everything issuers and validators need from the authority: the key slots (private keys still encrypted),
/// the upstream chain and trust anchors, and the bundle sequence.
/// </summary>
[GenerateSerializer, Immutable, Alias("aims.AuthoritySnapshot")]
public sealed record AuthoritySnapshot(
    [property: Id(0)] string TrustDomain,
    [property: Id(1)] long Sequence,
    [property: Id(2)] IReadOnlyList<AuthorityKey> Keys,
    [property: Id(3)] IReadOnlyList<byte[]> UpstreamChainDer,
    [property: Id(4)] IReadOnlyList<byte[]> UpstreamRootsDer,
    [property: Id(5)] DateTimeOffset TakenAt);
