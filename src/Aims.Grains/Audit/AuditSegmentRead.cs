namespace Aims.Grains.Audit;

/// <summary>
/// The records of one segment as storage holds them, in sequence order, and the etag of its whole-segment row
/// (null when there is none), which a later consolidation of the segment must present.
/// </summary>
internal sealed record AuditSegmentRead(List<AuditRecordView> Records, string? WholeSegmentETag);
