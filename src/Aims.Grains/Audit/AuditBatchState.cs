namespace Aims.Grains.Audit;

/// <summary>One group commit's share of a segment, stored as its own row, keyed by the sequence number of its first record.</summary>
[GenerateSerializer, Alias("aims.AuditBatchState")]
public sealed class AuditBatchState
{
    [Id(0)] public List<AuditRecordView> Records { get; set; } = [];
}
