using Aims.Core.Audit;
using Aims.Grains.Hosting;

namespace Aims.Grains.Audit;

/// <summary>
/// Head of the hash chain. Records live in fixed-size segment grains; the head keeps the count and last hash,
/// so verification catches a truncated tail as well as an altered or missing record.
/// </summary>
public sealed class AuditLogGrain(
    [PersistentState("auditLog", StorageNames.Aims)] IPersistentState<AuditLogGrainState> state,
    TimeProvider time) : Grain, IAuditLogGrain
{
    internal const int SegmentSize = 256;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A record written to its segment just before a crash, whose head update was lost, is adopted here.
        var next = state.State.Count + 1;
        var tail = await Segment(SegmentOf(next)).GetAllAsync();
        var orphan = tail.FirstOrDefault(r => r.Sequence == next && r.PreviousHash == state.State.HeadHash && IsSealed(r));
        if (orphan is not null)
        {
            state.State.Count = orphan.Sequence;
            state.State.HeadHash = orphan.Hash;
            state.State.HeadTimestamp = orphan.Timestamp;
            await state.WriteStateAsync(cancellationToken);
        }

        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<AuditRecordView> AppendAsync(AuditEntryMessage entry)
    {
        var now = time.GetUtcNow();
        var record = AuditChain.Append(state.State.Count, state.State.HeadHash, entry.ToEntry(now)).ToView();

        await Segment(SegmentOf(record.Sequence)).AppendAsync(record);
        state.State.Count = record.Sequence;
        state.State.HeadHash = record.Hash;
        state.State.HeadTimestamp = now;
        await state.WriteStateAsync();
        return record;
    }

    public async Task<IReadOnlyList<AuditRecordView>> QueryAsync(string? agentId, DateTimeOffset? since, long afterSequence, int limit)
    {
        limit = Math.Clamp(limit, 1, 1000);
        var page = new List<AuditRecordView>(limit);
        for (var segment = SegmentOf(Math.Max(afterSequence, 0) + 1); segment <= SegmentOf(state.State.Count) && page.Count < limit; segment++)
        {
            foreach (var record in await Segment(segment).GetAllAsync())
            {
                if (record.Sequence <= afterSequence || record.Sequence > state.State.Count)
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
        var records = new List<AuditRecord>();
        for (var segment = 0L; segment <= SegmentOf(state.State.Count); segment++)
            records.AddRange((await Segment(segment).GetAllAsync()).Where(r => r.Sequence <= state.State.Count).Select(r => r.ToRecord()));

        var result = AuditChain.Verify(records, state.State.Count, state.State.HeadHash);
        return new AuditVerificationView(result.Valid, result.RecordCount, result.HeadHash, result.FirstBadSequence, result.Problem);
    }

    private static bool IsSealed(AuditRecordView record) =>
        AuditChain.ComputeHash(record.Sequence, record.ToRecord().Entry, record.PreviousHash) == record.Hash;

    private static long SegmentOf(long sequence) => Math.Max(sequence - 1, 0) / SegmentSize;

    private IAuditSegmentGrain Segment(long segment) =>
        GrainFactory.GetGrain<IAuditSegmentGrain>(GrainKeys.AuditSegment(this.GetPrimaryKeyString(), segment));
}
