using Aims.Grains.Audit;

namespace Aims.Api.Contracts;

public sealed record AuditListResponse(IReadOnlyList<AuditRecordView> Records, long? Next);
