namespace Aims.Grains.Audit;

/// <summary>An audit record as it crosses the wire (mirrors Aims.Core.Audit.AuditRecord).</summary>
[GenerateSerializer, Immutable, Alias("aims.AuditRecordView")]
public sealed record AuditRecordView(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset Timestamp,
    [property: Id(2)] string Action,
    [property: Id(3)] string Decision,
    [property: Id(4)] string? AgentId,
    [property: Id(5)] string? DelegatedSubject,
    [property: Id(6)] string? Resource,
    [property: Id(7)] string? CorrelationId,
    [property: Id(8)] string? AttestationState,
    [property: Id(9)] string? Cause,
    [property: Id(10)] string? Actor,
    [property: Id(11)] string? Detail,
    [property: Id(12)] string PreviousHash,
    [property: Id(13)] string Hash);
