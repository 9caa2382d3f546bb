using Aims.Grains.Hosting;

namespace Aims.Grains.Audit;

public sealed class AuditSegmentGrain(
    [PersistentState("auditSegment", StorageNames.Aims)] IPersistentState<AuditSegmentGrainState> state) : Grain, IAuditSegmentGrain
{
    public async Task AppendAsync(AuditRecordView record)
    {
        var last = state.State.Records.LastOrDefault();
        if (last is not null && (record.Sequence != last.Sequence + 1 || record.PreviousHash != last.Hash))
            throw new InvalidOperationException($"Audit record {record.Sequence} does not follow {last.Sequence}.");
        if (Core.Audit.AuditChain.ComputeHash(record.Sequence, record.ToRecord().Entry, record.PreviousHash) != record.Hash)
            throw new InvalidOperationException($"Audit record {record.Sequence} does not match its hash.");

        state.State.Records.Add(record);
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<AuditRecordView>> GetAllAsync() =>
        Task.FromResult<IReadOnlyList<AuditRecordView>>([.. state.State.Records]);
}
