namespace Aims.Grains.Audit;

[GenerateSerializer, Immutable, Alias("aims.AuditVerificationView")]
public sealed record AuditVerificationView(
    [property: Id(0)] bool Valid,
    [property: Id(1)] long RecordCount,
    [property: Id(2)] string? HeadHash,
    [property: Id(3)] long? FirstBadSequence,
    [property: Id(4)] string? Problem);
