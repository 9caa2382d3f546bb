namespace Aims.Grains.Partners;

[GenerateSerializer, Alias("aims.PartnerAgentGrainState")]
public sealed class PartnerAgentGrainState
{
    [Id(0)] public PartnerAgentView Standing { get; set; } = new(null, null, null);
}
