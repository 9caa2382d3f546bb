namespace Aims.Core.Audit;

/// <summary>The outcome an audit record reports.</summary>
public enum AuditDecision
{
    Allowed = 0,
    Denied = 1,
    Info = 2,
}
