using Aims.Core.Audit;
using Aims.Grains.Audit;
using Aims.Grains.Hosting;
using Orleans.Core.Internal;
using Orleans.Storage;

namespace Aims.Grains.Tests.Storage;

/// <summary>
/// The audit log on the SQLite provider the Local profile uses: batch rows inserted per group commit, whole-segment
/// rows, and a log stored as whole segments only (before batch rows) still reading, verifying and growing. The
/// provider is observed (<see cref="ObservedGrainStorage"/>), so tests count the log's durable writes, hold its batch
/// or head writes, and fail its head writes as a crash or a storage error would.
/// </summary>
[Collection(SqliteStorageClusterCollection.Name)]
public sealed class SqliteAuditLogTests(SqliteStorageClusterFixture fixture)
{
    [Fact]
    public async Task AppendAsync_ConcurrentAppendsOverTwoSegmentsThenReactivated_VerifiesEveryRecord()
    {
        var log = Log(out var key);
        const int count = AuditLogGrain.SegmentSize + 40;

        var records = await Task.WhenAll(Enumerable.Range(0, count).Select(i => log.AppendAsync(Entry(i))));
        await log.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var verification = await log.VerifyAsync();

        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(count, verification.RecordCount);
        Assert.Equal(records.MaxBy(r => r.Sequence)!.Hash, verification.HeadHash);
        Assert.Equal(count + 1, (await log.AppendAsync(Entry(count))).Sequence);

        // However the appends fell into batches, the head is never written more than once per batch.
        Assert.InRange(HeadWrites(log).Count, 1, BatchRowWrites(key).Count);
    }

    [Fact]
    public async Task AppendAsync_UnderContinuousLoad_HeadStoredEveryMaxBatchesBehindAndOnceTheQueueIsIdle()
    {
        var log = Log(out var key);
        const int batches = AuditHeadCheckpoint.MaxBatchesBehind + 4;
        await log.VerifyAsync();
        using var batchRows = Storage.Hold(w => IsBatchRowOf(key, w));

        // Each batch is held until the next append is queued behind it, so the queue is never idle between batches.
        var pending = log.AppendAsync(Entry(0));
        await fixture.AuditAppends.ArrivedAsync(log, "corr-0");
        for (var i = 1; i <= batches; i++)
        {
            var next = i < batches ? log.AppendAsync(Entry(i)) : null;
            if (next is not null)
                await fixture.AuditAppends.ArrivedAsync(log, $"corr-{i}");

            // Reads see every answered append, whatever the stored head says.
            Assert.Equal(i - 1, (await log.VerifyAsync()).RecordCount);
            await batchRows.ReleaseNextAsync();
            Assert.Equal(i, (await pending).Sequence);
            pending = next!;
        }

        await Storage.WhenWrittenAsync(w => IsHeadOf(log, w) && Head(w).Count == batches);
        Assert.Equal(batches, BatchRowWrites(key).Count);
        Assert.Equal([AuditHeadCheckpoint.MaxBatchesBehind, batches], HeadWrites(log).Select(w => Head(w).Count));
    }

    [Fact]
    public async Task QueryAsync_RightAfterAnAppendWhoseHeadWriteIsHeld_IncludesTheRecord()
    {
        var log = Log(out _);
        await log.VerifyAsync();
        using var headWrites = Storage.Hold(w => IsHeadOf(log, w));

        var appended = await log.AppendAsync(Entry(0));
        var records = await log.QueryAsync(null, null, 0, 10);
        var verification = await log.VerifyAsync();
        var stored = await ReadStoredHeadAsync(log);

        Assert.Equal([appended], records);
        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(1, verification.RecordCount);
        Assert.Null(stored);
        await headWrites.ReleaseNextAsync();
        await Storage.WhenWrittenAsync(w => IsHeadOf(log, w) && Head(w).Count == 1);
    }

    [Fact]
    public async Task AppendAsync_HeadWriteFails_CallerAnsweredAndTheNextBatchStoresTheHead()
    {
        var log = Log(out _);
        await log.VerifyAsync();
        AuditRecordView first;
        using (var fault = Storage.Fail(w => IsHeadOf(log, w)))
        {
            first = await log.AppendAsync(Entry(0));
            await fault.InjectedAsync();
        }

        Assert.Null(await ReadStoredHeadAsync(log));
        var second = await log.AppendAsync(Entry(1));

        await Storage.WhenWrittenAsync(w => IsHeadOf(log, w) && Head(w).Count == 2);
        Assert.Equal([1L, 2], new[] { first.Sequence, second.Sequence });
        Assert.Equal(second.Hash, (await ReadStoredHeadAsync(log))!.HeadHash);
        var verification = await log.VerifyAsync();
        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(2, verification.RecordCount);
    }

    [Fact]
    public async Task OnActivate_EveryHeadWriteFailedBeforeTheLogWentDown_AdoptsEveryAnsweredRecordAndStoresTheHead()
    {
        var log = Log(out _);
        await log.VerifyAsync();
        var answered = new List<AuditRecordView>();
        using (var fault = Storage.Fail(w => IsHeadOf(log, w)))
        {
            // What a crash after each batch row, before its head write, leaves behind.
            for (var i = 0; i < 5; i++)
                answered.Add(await log.AppendAsync(Entry(i)));
            await fault.InjectedAsync(times: 5);
        }

        var verification = await ReactivatedAsync(log);

        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(5, verification.RecordCount);
        Assert.Equal(answered[^1].Hash, verification.HeadHash);
        Assert.Equal(answered[^1].Hash, (await ReadStoredHeadAsync(log))!.HeadHash);
        Assert.Equal(6, (await log.AppendAsync(Entry(5))).Sequence);
    }

    [Fact]
    public async Task AppendAsync_StoredHeadMovedAheadByAnotherWriter_NeverMovedBack()
    {
        var log = Log(out _);
        for (var i = 0; i < 3; i++)
            await log.AppendAsync(Entry(i));
        await Storage.WhenWrittenAsync(w => IsHeadOf(log, w) && Head(w).Count == 3);
        var stored = new GrainState<AuditLogGrainState>(new AuditLogGrainState());
        await Storage.Inner.ReadStateAsync("auditLog", log.GetGrainId(), stored);
        stored.State!.Count = 10;
        await Storage.Inner.WriteStateAsync("auditLog", log.GetGrainId(), stored);

        // The next head write meets a changed etag and fails; the one after reads the stored head and leaves it.
        var fourth = await log.AppendAsync(Entry(3));
        var fifth = await log.AppendAsync(Entry(4));
        var verification = await log.VerifyAsync();

        Assert.Equal([4L, 5], new[] { fourth.Sequence, fifth.Sequence });
        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(5, verification.RecordCount);
        Assert.Equal(10, (await ReadStoredHeadAsync(log))!.Count);
        Assert.Equal([1L, 2, 3], HeadWrites(log).Select(w => Head(w).Count));
    }

    [Fact]
    public async Task VerifyAsync_LastRecordRemovedFromStoragePastTheStoredHead_CaughtWhileTheLogIsActive()
    {
        var log = Log(out var key);
        using var fault = Storage.Fail(w => IsHeadOf(log, w));
        for (var i = 0; i < 3; i++)
            await log.AppendAsync(Entry(i));

        await RemoveBatchRowAsync(key, 3);
        var verification = await log.VerifyAsync();

        Assert.Null(await ReadStoredHeadAsync(log));
        Assert.False(verification.Valid);
        Assert.Equal(3, verification.FirstBadSequence);
        Assert.Equal("the log holds 3 records but only 2 are present", verification.Problem);
    }

    [Fact]
    public async Task VerifyAsync_RecordAlteredInStoragePastTheStoredHead_CaughtWhileTheLogIsActive()
    {
        var log = Log(out var key);
        using var fault = Storage.Fail(w => IsHeadOf(log, w));
        for (var i = 0; i < 3; i++)
            await log.AppendAsync(Entry(i));
        var row = new GrainState<AuditBatchState>(new AuditBatchState());
        await Storage.Inner.ReadStateAsync(AuditSegmentStore.BatchStateName, BatchRowId(key, 2), row);
        row.State!.Records[0] = row.State.Records[0] with { Detail = "rewritten" };
        await Storage.Inner.WriteStateAsync(AuditSegmentStore.BatchStateName, BatchRowId(key, 2), row);

        var verification = await log.VerifyAsync();

        Assert.False(verification.Valid);
        Assert.Equal(2, verification.FirstBadSequence);
    }

    [Fact]
    public async Task VerifyAsync_LastRecordRemovedWithinTheStoredHeadThenReactivated_ReportsTheTruncatedTail()
    {
        var log = Log(out var key);
        for (var i = 0; i < 5; i++)
            await log.AppendAsync(Entry(i));
        await Storage.WhenWrittenAsync(w => IsHeadOf(log, w) && Head(w).Count == 5);

        await RemoveBatchRowAsync(key, 5);
        var verification = await ReactivatedAsync(log);

        Assert.False(verification.Valid);
        Assert.Equal("the log holds 5 records but only 4 are present", verification.Problem);
    }

    [Fact]
    public async Task VerifyAsync_LogStoredAsWholeSegmentsOnly_ReadsVerifiesAndGrows()
    {
        var log = Log(out var key);
        var legacy = AuditChain.AppendRange(
                0,
                AuditChain.GenesisHash,
                Enumerable.Range(0, AuditLogGrain.SegmentSize + 3).Select(i => new AuditEntry("test.legacy", AuditDecision.Allowed, DateTimeOffset.UnixEpoch.AddSeconds(i), Detail: $"legacy {i}")))
            .Select(r => r.ToView())
            .ToArray();
        foreach (var segment in legacy.GroupBy(r => (r.Sequence - 1) / AuditLogGrain.SegmentSize))
        {
            await Storage.WriteStateAsync(
                AuditSegmentStore.WholeSegmentStateName,
                fixture.Cluster.GrainFactory.GetGrain<IAuditSegmentGrain>(GrainKeys.AuditSegment(key, segment.Key)).GetGrainId(),
                new GrainState<AuditSegmentGrainState>(new AuditSegmentGrainState { Records = [.. segment] }));
        }

        await Storage.WriteStateAsync("auditLog", log.GetGrainId(), new GrainState<AuditLogGrainState>(
            new AuditLogGrainState { Count = legacy[^1].Sequence, HeadHash = legacy[^1].Hash, HeadTimestamp = legacy[^1].Timestamp }));

        var appended = await log.AppendAsync(Entry(0));
        var verification = await log.VerifyAsync();

        Assert.Equal(legacy.Length + 1, appended.Sequence);
        Assert.Equal(legacy[^1].Hash, appended.PreviousHash);
        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(legacy.Length + 1, verification.RecordCount);
    }

    private ObservedGrainStorage Storage => fixture.AimsStorage;

    private IAuditLogGrain Log(out string key)
    {
        key = $"sqlite-audit-{Guid.NewGuid():N}";
        return fixture.Cluster.GrainFactory.GetGrain<IAuditLogGrain>(key);
    }

    private static bool IsHeadOf(IAuditLogGrain log, ObservedGrainStorage.StorageWrite write) =>
        write.StateName == "auditLog" && write.GrainId == log.GetGrainId();

    private static bool IsBatchRowOf(string key, ObservedGrainStorage.StorageWrite write) =>
        write.StateName == AuditSegmentStore.BatchStateName && write.GrainId.Key.ToString()!.StartsWith($"{key}/", StringComparison.Ordinal);

    private static AuditLogGrainState Head(ObservedGrainStorage.StorageWrite write) => (AuditLogGrainState)write.State!;

    private IReadOnlyList<ObservedGrainStorage.StorageWrite> HeadWrites(IAuditLogGrain log) => Storage.Written(w => IsHeadOf(log, w));

    private IReadOnlyList<ObservedGrainStorage.StorageWrite> BatchRowWrites(string key) => Storage.Written(w => IsBatchRowOf(key, w));

    private static GrainId BatchRowId(string key, long firstSequence) => GrainId.Create("auditbatch", GrainKeys.AuditBatch(key, firstSequence));

    private async Task<AuditLogGrainState?> ReadStoredHeadAsync(IAuditLogGrain log)
    {
        var state = new GrainState<AuditLogGrainState>(new AuditLogGrainState());
        await Storage.Inner.ReadStateAsync("auditLog", log.GetGrainId(), state);
        return state.RecordExists ? state.State : null;
    }

    private async Task RemoveBatchRowAsync(string key, long firstSequence)
    {
        var row = new GrainState<AuditBatchState>(new AuditBatchState());
        await Storage.Inner.ReadStateAsync(AuditSegmentStore.BatchStateName, BatchRowId(key, firstSequence), row);
        Assert.True(row.RecordExists);
        await Storage.Inner.ClearStateAsync(AuditSegmentStore.BatchStateName, BatchRowId(key, firstSequence), row);
    }

    /// <summary>
    /// Deactivates the log and polls (bounded) until a fresh activation answers: one that has read the stored head,
    /// which an activation does only as it starts.
    /// </summary>
    private async Task<AuditVerificationView> ReactivatedAsync(IAuditLogGrain log)
    {
        var reads = Storage.ReadCount("auditLog", log.GetGrainId());
        await log.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var verification = await log.VerifyAsync();
        for (var attempt = 0; attempt < 50 && Storage.ReadCount("auditLog", log.GetGrainId()) == reads; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
            verification = await log.VerifyAsync();
        }

        Assert.NotEqual(reads, Storage.ReadCount("auditLog", log.GetGrainId()));
        return verification;
    }

    private static AuditEntryMessage Entry(int i) => new("test.sqlite", "Allowed", CorrelationId: $"corr-{i}", Detail: $"entry {i}");
}
