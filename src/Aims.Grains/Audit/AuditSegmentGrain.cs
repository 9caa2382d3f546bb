using Aims.Grains.Hosting;

namespace Aims.Grains.Audit;

/// <summary>
/// One page of the audit chain. It takes records only in chain order, each linked to the one before and matching its
/// own hash, so a page never holds a gap or a record that does not verify.
/// </summary>
public sealed class AuditSegmentGrain(
    [PersistentState("auditSegment", StorageNames.Aims)] IPersistentState<AuditSegmentGrainState> state) : Grain, IAuditSegmentGrain
{
    public Task AppendAsync(AuditRecordView record) => AppendRangeAsync([record]);

    public async Task AppendRangeAsync(IReadOnlyList<AuditRecordView> records)
    {
        var last = state.State.Records.LastOrDefault();
        foreach (var record in records)
        {
            if (last is not null && (record.Sequence != last.Sequence + 1 || record.PreviousHash != last.Hash))
                throw new InvalidOperationException($"Audit record {record.Sequence} does not follow {last.Sequence}.");
            if (Core.Audit.AuditChain.ComputeHash(record.Sequence, record.ToRecord().Entry, record.PreviousHash) != record.Hash)
                throw new InvalidOperationException($"Audit record {record.Sequence} does not match its hash.");
            last = record;
        }

        var before = state.State.Records.Count;
        state.State.Records.AddRange(records);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory must not hold what storage may not: the next call reads the page afresh.
            state.State.Records.RemoveRange(before, records.Count);
            DeactivateOnIdle();
            throw;
        }
    }

    public Task<IReadOnlyList<AuditRecordView>> GetAllAsync() =>
        Task.FromResult<IReadOnlyList<AuditRecordView>>([.. state.State.Records]);
}
