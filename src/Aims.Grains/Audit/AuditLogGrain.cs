using Aims.Core.Audit;
using Aims.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Aims.Grains.Audit;

/// <summary>
/// Head of the hash chain. Records live in fixed-size segments (<see cref="AuditSegmentStore"/>); the head keeps the
/// count and last hash, so verification catches a truncated tail as well as an altered or missing record.
/// </summary>
/// <remarks>
/// Every append of the trust domain comes here, and each must be durable before its caller goes on. Appends that
/// arrive while a write is in flight are therefore chained and written together (<see cref="GroupCommit{TItem, TResult}"/>):
/// one new storage row per segment the batch touches (append-only: nothing stored is rewritten), then one write of the
/// head. Each record's hash is computed once, here. A segment that fills up is then also written as one row, so that
/// reads take one row per full segment. The grain is reentrant so that appends can arrive while a write is awaited.
/// Reads take the head (count and hash) once, first, and leave out records past it, so they see whole batches only,
/// and only once the batch is in its segments.
/// </remarks>
[Reentrant]
public sealed partial class AuditLogGrain : Grain, IAuditLogGrain
{
    internal const int SegmentSize = 256;

    /// <summary>The most records one write takes: one segment's worth.</summary>
    internal const int MaxBatch = SegmentSize;

    private readonly IPersistentState<AuditLogGrainState> _state;
    private readonly TimeProvider _time;
    private readonly ILogger<AuditLogGrain> _logger;
    private readonly GroupCommit<AuditEntry, AuditRecordView> _commits;
    private AuditSegmentStore? _store;

    /// <summary>Records of the segment the next record goes to (<see cref="SegmentOf"/> of count + 1), up to the head.</summary>
    private List<AuditRecordView> _tail = [];

    /// <summary>The etag of the tail segment's whole-segment row, for its consolidation once full.</summary>
    private string? _tailETag;

    /// <summary>Set when a write failed: storage may hold more than memory says, so the next write reloads first.</summary>
    private bool _reloadBeforeWrite;

    public AuditLogGrain(
        [PersistentState("auditLog", StorageNames.Aims)] IPersistentState<AuditLogGrainState> state,
        TimeProvider time,
        ILogger<AuditLogGrain> logger)
    {
        _state = state;
        _time = time;
        _logger = logger;
        _commits = new GroupCommit<AuditEntry, AuditRecordView>(WriteBatchAsync, MaxBatch);
    }

    private AuditLogGrainState S => _state.State;

    private AuditSegmentStore Store => _store ?? throw new InvalidOperationException("The audit log is not activated.");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _store = AuditSegmentStore.For(ServiceProvider, GrainFactory, this.GetPrimaryKeyString(), SegmentSize);
        await LoadTailAsync();
        await base.OnActivateAsync(cancellationToken);
    }

    public Task<AuditRecordView> AppendAsync(AuditEntryMessage entry)
    {
        // Stamped on arrival, and queued in arrival order: the chain's order. A bad entry fails here, alone.
        var stamped = entry.ToEntry(_time.GetUtcNow());
        return _commits.AddAsync(stamped);
    }

    public async Task<IReadOnlyList<AuditRecordView>> QueryAsync(string? agentId, DateTimeOffset? since, long afterSequence, int limit)
    {
        var count = S.Count;
        limit = Math.Clamp(limit, 1, 1000);
        var page = new List<AuditRecordView>(limit);
        for (var segment = SegmentOf(Math.Max(afterSequence, 0) + 1); segment <= SegmentOf(count) && page.Count < limit; segment++)
        {
            foreach (var record in (await Store.ReadAsync(segment)).Records)
            {
                if (record.Sequence <= afterSequence || record.Sequence > count)
                    continue;
                if (agentId is not null && !string.Equals(record.AgentId, agentId, StringComparison.Ordinal))
                    continue;
                if (since is not null && record.Timestamp < since)
                    continue;
                page.Add(record);
                if (page.Count == limit)
                    break;
            }
        }

        return page;
    }

    public async Task<AuditVerificationView> VerifyAsync()
    {
        var (count, headHash) = (S.Count, S.HeadHash);
        var records = new List<AuditRecord>();
        for (var segment = 0L; segment <= SegmentOf(count); segment++)
            records.AddRange((await Store.ReadAsync(segment)).Records.Where(r => r.Sequence <= count).Select(r => r.ToRecord()));

        var result = AuditChain.Verify(records, count, headHash);
        return new AuditVerificationView(result.Valid, result.RecordCount, result.HeadHash, result.FirstBadSequence, result.Problem);
    }

    /// <summary>
    /// One group commit: chains the entries after the head, appends them to their segments in order (a batch may cross
    /// a segment boundary), then writes the head. A crash in between leaves records the head does not count; the
    /// next activation adopts them (<see cref="LoadTailAsync"/>).
    /// </summary>
    private async Task<IReadOnlyList<AuditRecordView>> WriteBatchAsync(IReadOnlyList<AuditEntry> entries)
    {
        if (_reloadBeforeWrite)
        {
            await _state.ReadStateAsync();
            await LoadTailAsync();
            _reloadBeforeWrite = false;
        }

        var chained = AuditChain.AppendRange(S.Count, S.HeadHash, entries);
        var records = new List<AuditRecordView>(chained.Count);
        foreach (var record in chained)
            records.Add(record.ToView());

        try
        {
            var first = 0;
            while (first < records.Count)
            {
                var segmentEnd = Store.LastOf(SegmentOf(records[first].Sequence));
                var count = 1;
                while (first + count < records.Count && records[first + count].Sequence <= segmentEnd)
                    count++;
                await Store.AppendAsync(records.GetRange(first, count));
                first += count;
            }

            MoveHead(records[^1]);
            await _state.WriteStateAsync();
        }
        catch
        {
            _reloadBeforeWrite = true;
            throw;
        }

        await ExtendTailAsync(records);
        return records;
    }

    /// <summary>
    /// Moves the written records into the tail; a segment they fill is consolidated into one row. The records are
    /// durable already, so a failed consolidation only leaves that segment to be read row by row.
    /// </summary>
    private async Task ExtendTailAsync(List<AuditRecordView> records)
    {
        foreach (var record in records)
        {
            _tail.Add(record);
            if (record.Sequence != Store.LastOf(SegmentOf(record.Sequence)))
                continue;

            var segment = SegmentOf(record.Sequence);
            try
            {
                await Store.ConsolidateAsync(segment, _tail, _tailETag);
            }
            catch (Exception e)
            {
                LogConsolidationFailed(e, this.GetPrimaryKeyString(), segment);
            }

            (_tail, _tailETag) = ([], null);
        }
    }

    /// <summary>
    /// Reads the segment the next record goes to into the tail. Records written to storage just before a crash (or a
    /// failed head write) are adopted first: every record that continues the chain after the head, into the next
    /// segment when a batch crossed a boundary.
    /// </summary>
    private async Task LoadTailAsync()
    {
        var adopted = false;
        while (true)
        {
            var segment = SegmentOf(S.Count + 1);
            var read = await Store.ReadAsync(segment);
            var run = AuditChain.Continuation(S.Count, S.HeadHash, read.Records.Select(r => r.ToRecord()));
            if (run.Count > 0)
            {
                MoveHead(run[^1].ToView());
                adopted = true;
            }

            if (run.Count == 0 || S.Count % SegmentSize != 0)
            {
                // The head is still inside the segment just read (nothing adopted, or the run ended inside it).
                var head = S.Count;
                (_tail, _tailETag) = ([.. read.Records.Where(r => r.Sequence <= head)], read.WholeSegmentETag);
                break;
            }
        }

        if (adopted)
            await _state.WriteStateAsync();
    }

    private void MoveHead(AuditRecordView last)
    {
        S.Count = last.Sequence;
        S.HeadHash = last.Hash;
        S.HeadTimestamp = last.Timestamp;
    }

    private static long SegmentOf(long sequence) => Math.Max(sequence - 1, 0) / SegmentSize;

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Audit log {Log}: segment {Segment} could not be consolidated into one row; its records are durable in their batch rows and are read from there")]
    private partial void LogConsolidationFailed(Exception exception, string log, long segment);
}
