using Aims.Grains.Authority;

namespace Aims.Grains.Authority;

[GenerateSerializer, Alias("aims.TrustDomainAuthorityGrainState")]
public sealed class TrustDomainAuthorityGrainState
{
    [Id(0)] public List<AuthorityKey> Keys { get; set; } = [];

    /// <summary>spiffe_sequence: bumped on every change of the published keys.</summary>
    [Id(1)] public long Sequence { get; set; }
}
