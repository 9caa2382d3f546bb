using Aims.Core.Audit;

namespace Aims.Grains.Audit;

/// <summary>Converts between the Core audit types and their wire forms.</summary>
internal static class AuditMapping
{
    public static AuditEntry ToEntry(this AuditEntryMessage m, DateTimeOffset timestamp) => new(
        m.Action,
        Enum.TryParse<AuditDecision>(m.Decision, out var decision) ? decision : throw new ArgumentException($"Unknown audit decision '{m.Decision}'."),
        timestamp,
        m.AgentId,
        m.DelegatedSubject,
        m.Resource,
        m.CorrelationId,
        m.AttestationState,
        m.Cause,
        m.Actor,
        m.Detail);

    public static AuditRecordView ToView(this AuditRecord r) => new(
        r.Sequence, r.Entry.Timestamp, r.Entry.Action, r.Entry.Decision.ToString(), r.Entry.AgentId, r.Entry.DelegatedSubject,
        r.Entry.Resource, r.Entry.CorrelationId, r.Entry.AttestationState, r.Entry.Cause, r.Entry.Actor, r.Entry.Detail,
        r.PreviousHash, r.Hash);

    public static AuditRecord ToRecord(this AuditRecordView v) => new(
        v.Sequence,
        new AuditEntry(
            v.Action,
            Enum.TryParse<AuditDecision>(v.Decision, out var decision) ? decision : (AuditDecision)(-1),
            v.Timestamp, v.AgentId, v.DelegatedSubject, v.Resource, v.CorrelationId, v.AttestationState, v.Cause, v.Actor, v.Detail),
        v.PreviousHash,
        v.Hash);
}
