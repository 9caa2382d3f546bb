namespace Aims.Core.Audit;

/// <summary>An entry as it sits in the chain: its sequence number, the previous record's hash and its own.</summary>
public sealed record AuditRecord(long Sequence, AuditEntry Entry, string PreviousHash, string Hash);
