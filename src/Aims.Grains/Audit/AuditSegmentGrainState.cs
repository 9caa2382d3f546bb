namespace Aims.Grains.Audit;

[GenerateSerializer, Alias("aims.AuditSegmentGrainState")]
public sealed class AuditSegmentGrainState
{
    [Id(0)] public List<AuditRecordView> Records { get; set; } = [];
}
