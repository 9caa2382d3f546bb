using Aims.Core.Audit;
using Aims.Grains.Hosting;
using Orleans.Concurrency;

namespace Aims.Grains.Audit;

/// <summary>
/// Head of the hash chain. Records live in fixed-size segment grains; the head keeps the count and last hash,
/// so verification catches a truncated tail as well as an altered or missing record.
/// </summary>
/// <remarks>
/// Every append of the trust domain comes here, and each must be durable before its caller goes on. Appends that
/// arrive while a write is in flight are therefore chained and written together (<see cref="GroupCommit{TItem, TResult}"/>):
/// one write per segment the batch touches, then one write of the head. The grain is reentrant so that those appends
/// can arrive while a write is awaited. Reads take the head (count and hash) once, first, and leave out records past
/// it, so they see whole batches only, and only once the batch is in its segments.
/// </remarks>
[Reentrant]
public sealed class AuditLogGrain : Grain, IAuditLogGrain
{
    internal const int SegmentSize = 256;

    /// <summary>The most records one write takes: one segment's worth.</summary>
    internal const int MaxBatch = SegmentSize;

    private readonly IPersistentState<AuditLogGrainState> _state;
    private readonly TimeProvider _time;
    private readonly GroupCommit<AuditEntry, AuditRecordView> _commits;

    /// <summary>Set when a write failed: storage may hold more than memory says, so the next write reloads first.</summary>
    private bool _reloadBeforeWrite;

    public AuditLogGrain(
        [PersistentState("auditLog", StorageNames.Aims)] IPersistentState<AuditLogGrainState> state,
        TimeProvider time)
    {
        _state = state;
        _time = time;
        _commits = new GroupCommit<AuditEntry, AuditRecordView>(WriteBatchAsync, MaxBatch);
    }

    private AuditLogGrainState S => _state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await AdoptOrphansAsync();
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
            foreach (var record in await Segment(segment).GetAllAsync())
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
            records.AddRange((await Segment(segment).GetAllAsync()).Where(r => r.Sequence <= count).Select(r => r.ToRecord()));

        var result = AuditChain.Verify(records, count, headHash);
        return new AuditVerificationView(result.Valid, result.RecordCount, result.HeadHash, result.FirstBadSequence, result.Problem);
    }

    /// <summary>
    /// One group commit: chains the entries after the head, writes them to their segments in order (a batch may cross
    /// a segment boundary), then writes the head. A crash in between leaves records the head does not count; the
    /// next activation adopts them (<see cref="AdoptOrphansAsync"/>).
    /// </summary>
    private async Task<IReadOnlyList<AuditRecordView>> WriteBatchAsync(IReadOnlyList<AuditEntry> entries)
    {
        if (_reloadBeforeWrite)
        {
            await _state.ReadStateAsync();
            await AdoptOrphansAsync();
            _reloadBeforeWrite = false;
        }

        var records = AuditChain.AppendRange(S.Count, S.HeadHash, entries).Select(r => r.ToView()).ToList();
        try
        {
            foreach (var segment in records.GroupBy(r => SegmentOf(r.Sequence)))
                await Segment(segment.Key).AppendRangeAsync([.. segment]);

            MoveHead(records[^1]);
            await _state.WriteStateAsync();
        }
        catch
        {
            _reloadBeforeWrite = true;
            throw;
        }

        return records;
    }

    /// <summary>
    /// Records written to their segments just before a crash (or a failed head write) are adopted: every record that
    /// continues the chain after the head, into the next segment when a batch crossed a boundary.
    /// </summary>
    private async Task AdoptOrphansAsync()
    {
        var adopted = false;
        for (var segment = SegmentOf(S.Count + 1); ; segment++)
        {
            var stored = await Segment(segment).GetAllAsync();
            var run = AuditChain.Continuation(S.Count, S.HeadHash, stored.Select(r => r.ToRecord()));
            if (run.Count == 0)
                break;
            MoveHead(run[^1].ToView());
            adopted = true;
            if (S.Count % SegmentSize != 0)
                break;
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

    private IAuditSegmentGrain Segment(long segment) =>
        GrainFactory.GetGrain<IAuditSegmentGrain>(GrainKeys.AuditSegment(this.GetPrimaryKeyString(), segment));
}
