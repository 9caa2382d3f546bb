namespace Aims.Core.Audit;

/// <summary>
/// What a caller asks the audit log to record: the minimum fields AIMS §11 requires (agent, delegated subject,
/// resource, action and decision, timestamp and correlation id, attestation or risk state, remediation cause).
/// </summary>
public sealed record AuditEntry(
    string Action,
    AuditDecision Decision,
    DateTimeOffset Timestamp,
    string? AgentId = null,
    string? DelegatedSubject = null,
    string? Resource = null,
    string? CorrelationId = null,
    string? AttestationState = null,
    string? Cause = null,
    string? Actor = null,
    string? Detail = null);
