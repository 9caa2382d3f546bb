using Aims.Grains.Policies;

namespace Aims.Grains.Policies;

[GenerateSerializer, Alias("aims.PolicyGrainState")]
public sealed class PolicyGrainState
{
    [Id(0)] public List<PolicyVersion> Versions { get; set; } = [];
}
