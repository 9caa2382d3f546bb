using Aims.Core.Identity;

namespace Aims.Core.Signals.Remediation;

/// <summary>The decision on one received event: what to do, to which agent or session, and why (for the audit log).</summary>
public sealed record Remediation(RemediationKind Kind, SpiffeId? Agent, string? SessionId, string Reason);
