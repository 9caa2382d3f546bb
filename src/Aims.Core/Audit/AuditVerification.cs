namespace Aims.Core.Audit;

/// <summary>The result of checking the audit chain.</summary>
public sealed record AuditVerification(bool Valid, long RecordCount, string? HeadHash, long? FirstBadSequence, string? Problem)
{
    public static AuditVerification Intact(long count, string headHash) => new(true, count, headHash, null, null);

    public static AuditVerification Broken(long sequence, string problem) => new(false, 0, null, sequence, problem);
}
