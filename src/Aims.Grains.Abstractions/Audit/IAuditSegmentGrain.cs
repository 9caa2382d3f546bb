namespace Aims.Grains.Audit;

/// <summary>A fixed-size page of audit records, so no single grain state grows without bound.</summary>
[Alias("aims.IAuditSegmentGrain")]
public interface IAuditSegmentGrain : IGrainWithStringKey
{
    /// <summary>Appends a record (durably); refuses a sequence number that does not follow the last one.</summary>
    [Alias("Append")] Task AppendAsync(AuditRecordView record);

    [Alias("GetAll")] Task<IReadOnlyList<AuditRecordView>> GetAllAsync();
}
