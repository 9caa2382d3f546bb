using System.Globalization;

namespace Aims.Grains.Audit;

/// <summary>
/// One page of the audit chain, read and appended through <see cref="AuditSegmentStore"/>. It takes records only in
/// chain order, each linked to the one before and matching its own hash, so a page never holds a gap or a record
/// that does not verify. It keeps nothing in memory: the log writes the same rows without calling it.
/// </summary>
public sealed class AuditSegmentGrain : Grain, IAuditSegmentGrain
{
    private AuditSegmentStore? _store;
    private long _segment;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Key: GrainKeys.AuditSegment, "{log key}/{segment}".
        var key = this.GetPrimaryKeyString();
        var slash = key.LastIndexOf('/');
        _segment = long.Parse(key.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture);
        _store = AuditSegmentStore.For(ServiceProvider, GrainFactory, key[..slash], AuditLogGrain.SegmentSize);
        return base.OnActivateAsync(cancellationToken);
    }

    private AuditSegmentStore Store => _store ?? throw new InvalidOperationException("The segment grain is not activated.");

    public Task AppendAsync(AuditRecordView record) => AppendRangeAsync([record]);

    public async Task AppendRangeAsync(IReadOnlyList<AuditRecordView> records)
    {
        if (records.Count == 0)
            return;

        var stored = (await Store.ReadAsync(_segment)).Records;
        var (lastSequence, lastHash) = stored.Count > 0 ? (stored[^1].Sequence, stored[^1].Hash) : (Store.FirstOf(_segment) - 1, null);
        foreach (var record in records)
        {
            if (record.Sequence != lastSequence + 1 || (lastHash is not null && record.PreviousHash != lastHash))
                throw new InvalidOperationException($"Audit record {record.Sequence} does not follow {lastSequence}.");
            if (record.Sequence > Store.LastOf(_segment))
                throw new InvalidOperationException($"Audit record {record.Sequence} is past the end of segment {_segment} (record {Store.LastOf(_segment)}).");
            if (Core.Audit.AuditChain.ComputeHash(record.Sequence, record.ToRecord().Entry, record.PreviousHash) != record.Hash)
                throw new InvalidOperationException($"Audit record {record.Sequence} does not match its hash.");
            (lastSequence, lastHash) = (record.Sequence, record.Hash);
        }

        await Store.AppendAsync(records);
    }

    public async Task<IReadOnlyList<AuditRecordView>> GetAllAsync() => (await Store.ReadAsync(_segment)).Records;
}
