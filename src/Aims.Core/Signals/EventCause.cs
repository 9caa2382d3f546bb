namespace Aims.Core.Signals;

/// <summary>
/// Why events are emitted: one cause (an admin's compromise call, a received SET, a policy decision) may produce
/// several events, which share <paramref name="Txn"/> so a receiver can correlate them (SSF 1.0 §4.1.5).
/// </summary>
/// <param name="ReasonAdmin">A non-empty explanation for administrators (CAEP 1.0 §2 <c>reason_admin</c>).</param>
public sealed record EventCause(string Txn, DateTimeOffset OccurredAt, InitiatingEntity Initiator, string ReasonAdmin);
