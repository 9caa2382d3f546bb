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
/// <para>
/// Every append of the trust domain comes here, and each must be durable before its caller goes on. Appends that
/// arrive while a write is in flight are therefore chained and written together (<see cref="GroupCommit{TItem, TResult}"/>):
/// one new storage row per segment the batch touches (append-only: nothing stored is rewritten). That row is what
/// makes the records durable, so the callers are answered as soon as it is written: one durable write per batch.
/// Each record's hash is computed once, here. The grain is reentrant so that appends can arrive while a write is awaited.
/// </para>
/// <para>
/// The head lives in memory (<see cref="_head"/>: the end of the last batch written) and in storage as a checkpoint
/// (<see cref="AuditHeadCheckpoint"/>), stored after the callers are answered and before the next batch is written:
/// when no append is waiting (so an idle log stores its head right after each batch), when a segment fills (it is
/// then also consolidated into one row, so that reads take one row per full segment), and under continuous load at
/// least every <see cref="AuditHeadCheckpoint.MaxBatchesBehind"/> batches. A fresh activation starts from the
/// checkpoint and adopts the batch rows that continue the chain after it (<see cref="LoadTailAsync"/>), so a crash
/// between a batch row and the checkpoint loses nothing.
/// </para>
/// <para>
/// Reads take the in-memory head once, first, and leave out records past it, so they see every answered append at
/// once, whole batches only. Tamper evidence: while the log is active, verification holds storage against the head in
/// memory, so an altered, missing or truncated record is caught. After a restart it holds storage against the
/// checkpoint, which under load lags the tail by at most <see cref="AuditHeadCheckpoint.MaxBatchesBehind"/> batches
/// (an idle queue or a filled segment stores it sooner; only failing head writes, each logged, let it lag further).
/// Records past the checkpoint that are removed from storage before a restart are therefore not caught: the
/// new activation simply does not adopt them. Once a checkpoint covers records, their truncation is caught.
/// </para>
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
    private AuditHeadCheckpoint? _checkpoint;

    /// <summary>The head of the chain as far as it is durable: the end of the last batch written (or adopted).</summary>
    private AuditLogHead _head;

    /// <summary>Records of the segment the next record goes to (<see cref="SegmentOf"/> of count + 1), up to the head.</summary>
    private List<AuditRecordView> _tail = [];

    /// <summary>The etag of the tail segment's whole-segment row, for its consolidation once full.</summary>
    private string? _tailETag;

    /// <summary>Segments the last batch filled, consolidated once its callers are answered.</summary>
    private readonly List<(long Segment, List<AuditRecordView> Records, string? WholeSegmentETag)> _filled = [];

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
        _commits = new GroupCommit<AuditEntry, AuditRecordView>(WriteBatchAsync, MaxBatch, AfterWriteAsync);
    }

    private AuditSegmentStore Store => _store ?? throw new InvalidOperationException("The audit log is not activated.");

    private AuditHeadCheckpoint Checkpoint => _checkpoint ?? throw new InvalidOperationException("The audit log is not activated.");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        _store = AuditSegmentStore.For(ServiceProvider, GrainFactory, key, SegmentSize);
        _checkpoint = new AuditHeadCheckpoint(_state, _logger, key);
        _head = Checkpoint.Stored;
        await LoadTailAsync();
        if (_head.Count > Checkpoint.Stored.Count)
            await Checkpoint.WriteAsync(_head);
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
        var count = _head.Count;
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
        var head = _head;
        var records = new List<AuditRecord>();
        for (var segment = 0L; segment <= SegmentOf(head.Count); segment++)
            records.AddRange((await Store.ReadAsync(segment)).Records.Where(r => r.Sequence <= head.Count).Select(r => r.ToRecord()));

        var result = AuditChain.Verify(records, head.Count, head.Hash);
        return new AuditVerificationView(result.Valid, result.RecordCount, result.HeadHash, result.FirstBadSequence, result.Problem);
    }

    /// <summary>
    /// One group commit: chains the entries after the head and appends them to their segments in order (a batch may
    /// cross a segment boundary). Once the rows are written the records are durable and the head in memory moves;
    /// the stored head follows later (<see cref="AfterWriteAsync"/>). A failure part way leaves rows the head does
    /// not count; the next write reloads and adopts them (<see cref="LoadTailAsync"/>).
    /// </summary>
    private async Task<IReadOnlyList<AuditRecordView>> WriteBatchAsync(IReadOnlyList<AuditEntry> entries)
    {
        if (_reloadBeforeWrite)
        {
            await LoadTailAsync();
            _reloadBeforeWrite = false;
        }

        var chained = AuditChain.AppendRange(_head.Count, _head.Hash, entries);
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
        }
        catch
        {
            _reloadBeforeWrite = true;
            throw;
        }

        _head = AuditLogHead.After(records[^1]);
        Checkpoint.BatchWritten();
        ExtendTail(records);
        return records;
    }

    /// <summary>
    /// After each write, its callers answered and before the next write: consolidates the segments it filled, then
    /// stores the head if it is due. Never throws; what fails here is logged and retried after a later write.
    /// </summary>
    /// <param name="queueIdle">No append is waiting for a write.</param>
    private async Task AfterWriteAsync(bool queueIdle)
    {
        var segmentFilled = await ConsolidateFilledAsync();
        if (Checkpoint.IsDue(_head, queueIdle, segmentFilled) && !await Checkpoint.WriteAsync(_head))
            _reloadBeforeWrite = true;
    }

    /// <summary>Moves the written records into the tail; a segment they fill waits in <see cref="_filled"/>.</summary>
    private void ExtendTail(List<AuditRecordView> records)
    {
        foreach (var record in records)
        {
            _tail.Add(record);
            var segment = SegmentOf(record.Sequence);
            if (record.Sequence != Store.LastOf(segment))
                continue;

            _filled.Add((segment, _tail, _tailETag));
            (_tail, _tailETag) = ([], null);
        }
    }

    /// <summary>
    /// Writes each filled segment as one row. The records are durable already, so a failed consolidation only leaves
    /// that segment to be read row by row.
    /// </summary>
    /// <returns>Whether any segment was filled.</returns>
    private async Task<bool> ConsolidateFilledAsync()
    {
        if (_filled.Count == 0)
            return false;

        var filled = _filled.ToArray();
        _filled.Clear();
        foreach (var (segment, records, etag) in filled)
        {
            try
            {
                await Store.ConsolidateAsync(segment, records, etag);
            }
            catch (Exception e)
            {
                LogConsolidationFailed(e, this.GetPrimaryKeyString(), segment);
            }
        }

        return true;
    }

    /// <summary>
    /// Reads the segment the next record goes to into the tail. Records written to storage past the head (before a
    /// crash, or by a write that failed part way) are adopted first: every record that continues the chain after the
    /// head, into the next segment when a batch crossed a boundary.
    /// </summary>
    private async Task LoadTailAsync()
    {
        while (true)
        {
            var segment = SegmentOf(_head.Count + 1);
            var read = await Store.ReadAsync(segment);
            var run = AuditChain.Continuation(_head.Count, _head.Hash, read.Records.Select(r => r.ToRecord()));
            if (run.Count > 0)
                _head = AuditLogHead.After(run[^1].ToView());

            if (run.Count == 0 || _head.Count % SegmentSize != 0)
            {
                // The head is still inside the segment just read (nothing adopted, or the run ended inside it).
                var head = _head.Count;
                (_tail, _tailETag) = ([.. read.Records.Where(r => r.Sequence <= head)], read.WholeSegmentETag);
                break;
            }
        }
    }

    private static long SegmentOf(long sequence) => Math.Max(sequence - 1, 0) / SegmentSize;

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Audit log {Log}: segment {Segment} could not be consolidated into one row; its records are durable in their batch rows and are read from there")]
    private partial void LogConsolidationFailed(Exception exception, string log, long segment);
}
