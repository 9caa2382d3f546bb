using Aims.Core.Audit;
using Aims.Grains.Audit;
using Aims.Grains.Hosting;
using Aims.Grains.Tests.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Aims.Grains.Tests.Audit;

/// <summary>
/// How the audit log lies in grain storage: batch rows appended per group commit, a whole-segment row once a segment
/// is full, and logs stored before batch rows (whole-segment rows only, rewritten on every append) still read,
/// verify and grow. The rows are read and written here through the silo's own "aims" storage provider.
/// </summary>
[Collection(AimsClusterCollection.Name)]
public sealed class AuditLogStorageLayoutTests(AimsClusterFixture fixture)
{
    [Fact]
    public async Task AppendAsync_RecordsOfAnUnfilledSegment_EachBatchIsItsOwnRowAndNoWholeSegmentRowIsWritten()
    {
        var key = NewKey();
        var log = fixture.GrainFactory.GetGrain<IAuditLogGrain>(key);

        var first = await log.AppendAsync(Entry(0));
        var second = await log.AppendAsync(Entry(1));

        Assert.Equal([first], await ReadBatchRowAsync(key, 1));
        Assert.Equal([second], await ReadBatchRowAsync(key, 2));
        Assert.Null(await ReadWholeSegmentAsync(key, 0));
    }

    [Fact]
    public async Task AppendAsync_SegmentFilled_ConsolidatedIntoOneWholeSegmentRow()
    {
        var key = NewKey();
        var log = fixture.GrainFactory.GetGrain<IAuditLogGrain>(key);

        var records = new List<AuditRecordView>();
        for (var i = 0; i < AuditLogGrain.SegmentSize + 2; i++)
            records.Add(await log.AppendAsync(Entry(i)));

        Assert.Equal(records.Take(AuditLogGrain.SegmentSize), await ReadWholeSegmentAsync(key, 0));
        Assert.Null(await ReadWholeSegmentAsync(key, 1));
        var verification = await log.VerifyAsync();
        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(AuditLogGrain.SegmentSize + 2, verification.RecordCount);
    }

    [Fact]
    public async Task VerifyAsync_LogStoredAsWholeSegmentsOnly_ReadsVerifiesAndGrowsAfterIt()
    {
        var key = NewKey();
        const int stored = AuditLogGrain.SegmentSize + 10;
        var legacy = Chain(0, AuditChain.GenesisHash, stored);
        await WriteLegacyLogAsync(key, legacy);
        var log = fixture.GrainFactory.GetGrain<IAuditLogGrain>(key);

        var before = await log.VerifyAsync();
        var appended = await log.AppendAsync(Entry(stored));
        var after = await log.VerifyAsync();

        Assert.True(before.Valid, before.Problem);
        Assert.Equal(stored, before.RecordCount);
        Assert.Equal(legacy[^1].Hash, before.HeadHash);
        Assert.Equal(stored + 1, appended.Sequence);
        Assert.Equal(legacy[^1].Hash, appended.PreviousHash);
        Assert.True(after.Valid, after.Problem);
        Assert.Equal(stored + 1, after.RecordCount);
        Assert.Equal(
            [.. legacy.Skip(AuditLogGrain.SegmentSize), appended],
            await fixture.GrainFactory.GetGrain<IAuditSegmentGrain>(GrainKeys.AuditSegment(key, 1)).GetAllAsync());
        Assert.Equal(legacy[..10], await log.QueryAsync(null, null, 0, 10));
    }

    [Fact]
    public async Task AppendAsync_LogStoredAsWholeSegmentsFillsItsPartialSegment_ConsolidatedOverTheOldRow()
    {
        var key = NewKey();
        var legacy = Chain(0, AuditChain.GenesisHash, AuditLogGrain.SegmentSize - 2);
        await WriteLegacyLogAsync(key, legacy);
        var log = fixture.GrainFactory.GetGrain<IAuditLogGrain>(key);

        var appended = new[] { await log.AppendAsync(Entry(1)), await log.AppendAsync(Entry(2)), await log.AppendAsync(Entry(3)) };

        Assert.Equal([.. legacy, appended[0], appended[1]], await ReadWholeSegmentAsync(key, 0));
        Assert.Equal([appended[2]], await ReadBatchRowAsync(key, AuditLogGrain.SegmentSize + 1));
        var verification = await log.VerifyAsync();
        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(AuditLogGrain.SegmentSize + 1, verification.RecordCount);
    }

    [Fact]
    public async Task VerifyAsync_LegacyRecordAlteredInStorage_ReportsTheRecord()
    {
        var key = NewKey();
        var legacy = Chain(0, AuditChain.GenesisHash, 5);
        legacy[2] = legacy[2] with { Detail = "rewritten" };
        await WriteLegacyLogAsync(key, legacy);

        var verification = await fixture.GrainFactory.GetGrain<IAuditLogGrain>(key).VerifyAsync();

        Assert.False(verification.Valid);
        Assert.Equal(3, verification.FirstBadSequence);
    }

    [Fact]
    public async Task VerifyAsync_BatchRowAlteredInStorage_ReportsTheRecord()
    {
        var key = NewKey();
        var log = fixture.GrainFactory.GetGrain<IAuditLogGrain>(key);
        for (var i = 0; i < 4; i++)
            await log.AppendAsync(Entry(i));
        var row = new GrainState<AuditBatchState>(new AuditBatchState());
        await Storage.ReadStateAsync(AuditSegmentStore.BatchStateName, BatchRowId(key, 2), row);
        row.State!.Records[0] = row.State.Records[0] with { Resource = "tampered" };
        await Storage.WriteStateAsync(AuditSegmentStore.BatchStateName, BatchRowId(key, 2), row);

        var verification = await log.VerifyAsync();

        Assert.False(verification.Valid);
        Assert.Equal(2, verification.FirstBadSequence);
    }

    [Fact]
    public async Task AppendAsync_OneAppendAtATime_HeadStoredAfterTheLastBatchOnceTheQueueIsIdle()
    {
        var key = NewKey();
        var log = fixture.GrainFactory.GetGrain<IAuditLogGrain>(key);

        AuditRecordView last = null!;
        for (var i = 0; i < 3; i++)
            last = await log.AppendAsync(Entry(i));

        // The head is stored just after the callers are answered: poll (bounded) until it lands.
        var stored = await ReadStoredHeadAsync(key);
        for (var attempt = 0; attempt < 50 && stored?.Count != 3; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
            stored = await ReadStoredHeadAsync(key);
        }

        Assert.NotNull(stored);
        Assert.Equal(3, stored.Count);
        Assert.Equal(last.Hash, stored.HeadHash);
        Assert.Equal(last.Timestamp, stored.HeadTimestamp);
    }

    [Fact]
    public async Task VerifyAsync_LastBatchRowRemovedFromStorage_ReportsTheTruncatedTail()
    {
        var key = NewKey();
        var log = fixture.GrainFactory.GetGrain<IAuditLogGrain>(key);
        for (var i = 0; i < 4; i++)
            await log.AppendAsync(Entry(i));
        var row = new GrainState<AuditBatchState>(new AuditBatchState());
        await Storage.ReadStateAsync(AuditSegmentStore.BatchStateName, BatchRowId(key, 4), row);
        await Storage.ClearStateAsync(AuditSegmentStore.BatchStateName, BatchRowId(key, 4), row);

        var verification = await log.VerifyAsync();

        Assert.False(verification.Valid);
        Assert.Equal(4, verification.FirstBadSequence);
        Assert.Equal("the log holds 4 records but only 3 are present", verification.Problem);
    }

    private async Task<AuditLogGrainState?> ReadStoredHeadAsync(string key)
    {
        var state = new GrainState<AuditLogGrainState>(new AuditLogGrainState());
        await Storage.ReadStateAsync("auditLog", fixture.GrainFactory.GetGrain<IAuditLogGrain>(key).GetGrainId(), state);
        return state.RecordExists ? state.State : null;
    }

    private IGrainStorage Storage =>
        fixture.Cluster.Primary is InProcessSiloHandle { SiloHost: { } host }
            ? host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Aims)
            : throw new InvalidOperationException("The test cluster's silos run in this process.");

    private static string NewKey() => $"audit-layout-{Guid.NewGuid():N}";

    private static AuditEntryMessage Entry(int i) => new("test.layout", "Allowed", CorrelationId: $"corr-{i}", Detail: $"entry {i}");

    private static AuditRecordView[] Chain(long lastSequence, string lastHash, int count) =>
    [
        .. AuditChain.AppendRange(
                lastSequence,
                lastHash,
                Enumerable.Range(0, count).Select(i => new AuditEntry("test.legacy", AuditDecision.Allowed, DateTimeOffset.UnixEpoch.AddMinutes(i), Detail: $"legacy {i}")))
            .Select(r => r.ToView()),
    ];

    /// <summary>What the log stored before batch rows: every segment's records in its grain's state, and the head.</summary>
    private async Task WriteLegacyLogAsync(string key, AuditRecordView[] records)
    {
        foreach (var segment in records.GroupBy(r => (r.Sequence - 1) / AuditLogGrain.SegmentSize))
        {
            await Storage.WriteStateAsync(
                AuditSegmentStore.WholeSegmentStateName,
                fixture.GrainFactory.GetGrain<IAuditSegmentGrain>(GrainKeys.AuditSegment(key, segment.Key)).GetGrainId(),
                new GrainState<AuditSegmentGrainState>(new AuditSegmentGrainState { Records = [.. segment] }));
        }

        var head = new AuditLogGrainState { Count = records[^1].Sequence, HeadHash = records[^1].Hash, HeadTimestamp = records[^1].Timestamp };
        await Storage.WriteStateAsync("auditLog", fixture.GrainFactory.GetGrain<IAuditLogGrain>(key).GetGrainId(), new GrainState<AuditLogGrainState>(head));
    }

    private async Task<List<AuditRecordView>?> ReadWholeSegmentAsync(string key, long segment)
    {
        var state = new GrainState<AuditSegmentGrainState>(new AuditSegmentGrainState());
        await Storage.ReadStateAsync(
            AuditSegmentStore.WholeSegmentStateName,
            fixture.GrainFactory.GetGrain<IAuditSegmentGrain>(GrainKeys.AuditSegment(key, segment)).GetGrainId(),
            state);
        return state.RecordExists ? state.State!.Records : null;
    }

    private async Task<List<AuditRecordView>?> ReadBatchRowAsync(string key, long firstSequence)
    {
        var state = new GrainState<AuditBatchState>(new AuditBatchState());
        await Storage.ReadStateAsync(AuditSegmentStore.BatchStateName, BatchRowId(key, firstSequence), state);
        return state.RecordExists ? state.State!.Records : null;
    }

    private static GrainId BatchRowId(string key, long firstSequence) => GrainId.Create("auditbatch", GrainKeys.AuditBatch(key, firstSequence));
}
