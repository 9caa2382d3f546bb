namespace Aims.Grains.Audit;

/// <summary>What to append (mirrors Aims.Core.Audit.AuditEntry; the log stamps the time).</summary>
[GenerateSerializer, Immutable, Alias("aims.AuditEntryMessage")]
public sealed record AuditEntryMessage(
    [property: Id(0)] string Action,
    [property: Id(1)] string Decision,
    [property: Id(2)] string? AgentId = null,
    [property: Id(3)] string? DelegatedSubject = null,
    [property: Id(4)] string? Resource = null,
    [property: Id(5)] string? CorrelationId = null,
    [property: Id(6)] string? AttestationState = null,
    [property: Id(7)] string? Cause = null,
    [property: Id(8)] string? Actor = null,
    [property: Id(9)] string? Detail = null);
