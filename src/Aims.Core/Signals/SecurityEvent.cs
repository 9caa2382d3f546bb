namespace Aims.Core.Signals;

/// <summary>
/// One security event, before it is put in a SET for a receiver: its type URI, its subject (the SET's
/// <c>sub_id</c>), the event's own members as a JSON object, and the transaction id shared by every SET that the
/// same cause produced (SSF 1.0 §4.1.5 <c>txn</c>).
/// </summary>
/// <param name="PayloadJson">The value of <c>events[Type]</c>: a JSON object, possibly <c>{}</c>.</param>
public sealed record SecurityEvent(string Type, SubjectIdentifier Subject, string PayloadJson, string Txn, DateTimeOffset OccurredAt);
