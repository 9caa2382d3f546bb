namespace Aims.Grains.Audit;

/// <summary>Where an audit chain ends: how many records it holds, the hash of the last one and that record's timestamp.</summary>
internal readonly record struct AuditLogHead(long Count, string Hash, DateTimeOffset Timestamp)
{
    public static AuditLogHead Of(AuditLogGrainState stored) => new(stored.Count, stored.HeadHash, stored.HeadTimestamp);

    /// <summary>The head of a chain whose last record is <paramref name="last"/>.</summary>
    public static AuditLogHead After(AuditRecordView last) => new(last.Sequence, last.Hash, last.Timestamp);
}
