namespace Aims.Grains.Audit;

/// <summary>A fixed-size page of audit records, so no single grain state grows without bound.</summary>
[Alias("aims.IAuditSegmentGrain")]
public interface IAuditSegmentGrain : IGrainWithStringKey
{
    /// <summary>Appends a record (durably); refuses a sequence number that does not follow the last one.</summary>
    [Alias("Append")] Task AppendAsync(AuditRecordView record);

    /// <summary>
    /// Appends consecutive records in one durable write (a group commit's share of this page); refuses them all if
    /// any does not follow the one before it or does not match its hash.
    /// </summary>
    [Alias("AppendRange")] Task AppendRangeAsync(IReadOnlyList<AuditRecordView> records);

    [Alias("GetAll")] Task<IReadOnlyList<AuditRecordView>> GetAllAsync();
}
