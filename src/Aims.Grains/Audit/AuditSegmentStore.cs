using Aims.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Aims.Grains.Audit;

/// <summary>
/// Where the records of an audit log's segments are stored, append-only: each write adds one row holding the records
/// of one batch (<see cref="AuditBatchState"/>, keyed by its first sequence number) and never rewrites what is there.
/// A segment reads as its whole-segment row (<see cref="AuditSegmentGrainState"/>: how segments were stored before
/// batch rows, and how a full segment is consolidated) followed by the batch rows that continue it, each found at the
/// sequence number after the last record read, up to the segment's end.
/// </summary>
/// <remarks>
/// A batch row is written with no etag, so the storage provider inserts it and refuses it if a row of that first
/// sequence number exists: two writers can never both place records at the same position of the chain. A row that no
/// read reaches (its first sequence number is not where the chain continues) is never read.
/// </remarks>
internal sealed class AuditSegmentStore(IGrainStorage storage, IGrainFactory grains, string logKey, int segmentSize)
{
    /// <summary>The state name of the whole-segment row: the persistent state of <see cref="AuditSegmentGrain"/> before batch rows.</summary>
    internal const string WholeSegmentStateName = "auditSegment";

    internal const string BatchStateName = "auditBatch";

    private static readonly GrainType BatchRowType = GrainType.Create("auditbatch");

    public static AuditSegmentStore For(IServiceProvider services, IGrainFactory grains, string logKey, int segmentSize) =>
        new(services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Aims), grains, logKey, segmentSize);

    /// <summary>The first sequence number segment <paramref name="segment"/> holds.</summary>
    public long FirstOf(long segment) => (segment * segmentSize) + 1;

    /// <summary>The last sequence number segment <paramref name="segment"/> holds.</summary>
    public long LastOf(long segment) => (segment + 1) * segmentSize;

    public async Task<AuditSegmentRead> ReadAsync(long segment)
    {
        var whole = new GrainState<AuditSegmentGrainState>(new AuditSegmentGrainState());
        await storage.ReadStateAsync(WholeSegmentStateName, SegmentId(segment), whole);
        var records = whole.RecordExists && whole.State?.Records is { } stored ? new List<AuditRecordView>(stored) : [];

        var next = records.Count > 0 ? records[^1].Sequence + 1 : FirstOf(segment);
        while (next <= LastOf(segment))
        {
            var batch = new GrainState<AuditBatchState>(new AuditBatchState());
            await storage.ReadStateAsync(BatchStateName, BatchId(next), batch);
            if (!batch.RecordExists || batch.State?.Records is not { Count: > 0 } batchRecords || batchRecords[0].Sequence != next)
                break;
            records.AddRange(batchRecords);
            next = batchRecords[^1].Sequence + 1;
        }

        return new AuditSegmentRead(records, whole.RecordExists ? whole.ETag : null);
    }

    /// <summary>
    /// Adds <paramref name="records"/> (consecutive, all in one segment) as one new row; durable when the task completes.
    /// Fails, writing nothing, if a row already starts at the first record's sequence number.
    /// </summary>
    public Task AppendAsync(IReadOnlyList<AuditRecordView> records) =>
        storage.WriteStateAsync(BatchStateName, BatchId(records[0].Sequence), new GrainState<AuditBatchState>(new AuditBatchState { Records = [.. records] }));

    /// <summary>
    /// Writes a full segment's records as its whole-segment row, so that a later read of the segment takes one row
    /// instead of one per batch. The batch rows stay: they hold the same records and are no longer read.
    /// </summary>
    public Task ConsolidateAsync(long segment, IReadOnlyList<AuditRecordView> records, string? wholeSegmentETag) =>
        storage.WriteStateAsync(
            WholeSegmentStateName,
            SegmentId(segment),
            new GrainState<AuditSegmentGrainState>(new AuditSegmentGrainState { Records = [.. records] }) { ETag = wholeSegmentETag });

    /// <summary>The whole-segment row is the segment grain's own persistent state, so rows written before batch rows read as they are.</summary>
    private GrainId SegmentId(long segment) => grains.GetGrain<IAuditSegmentGrain>(GrainKeys.AuditSegment(logKey, segment)).GetGrainId();

    private GrainId BatchId(long firstSequence) => GrainId.Create(BatchRowType, GrainKeys.AuditBatch(logKey, firstSequence));
}
