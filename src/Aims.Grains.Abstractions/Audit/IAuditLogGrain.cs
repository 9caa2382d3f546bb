namespace Aims.Grains.Audit;

/// <summary>The hash-chained, append-only audit log of a trust domain (keyed by <see cref="GrainKeys.AuditLog"/>).</summary>
[Alias("aims.IAuditLogGrain")]
public interface IAuditLogGrain : IGrainWithStringKey
{
    /// <summary>
    /// Appends and returns once the record is durable. Appends that arrive while a write is in flight are written
    /// together by the next one (group commit); each still returns only after the write that holds its record.
    /// </summary>
    [Alias("Append")] Task<AuditRecordView> AppendAsync(AuditEntryMessage entry);

    [Alias("Query")] Task<IReadOnlyList<AuditRecordView>> QueryAsync(string? agentId, DateTimeOffset? since, long afterSequence, int limit);

    [Alias("Verify")] Task<AuditVerificationView> VerifyAsync();
}
