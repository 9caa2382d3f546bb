using Aims.Core.Audit;
using Aims.Grains.Audit;
using Aims.Grains.Tests.Cluster;
using Orleans.Core.Internal;

namespace Aims.Grains.Tests.Audit;

/// <summary>
/// The hash-chained log: a head grain (count and last hash) over fixed-size segment grains. Each test uses a log of
/// its own so counts are exact.
/// </summary>
[Collection(AimsClusterCollection.Name)]
public sealed class AuditLogGrainTests(AimsClusterFixture fixture)
{
    private const string AgentA = "spiffe://aims.test/tests/audit/a";
    private const string AgentB = "spiffe://aims.test/tests/audit/b";

    [Fact]
    public async Task VerifyAsync_EmptyLog_ValidWithNoRecords()
    {
        var (_, log) = NewLog();

        var verification = await log.VerifyAsync();

        Assert.True(verification.Valid);
        Assert.Equal(0, verification.RecordCount);
        Assert.Equal(AuditChain.GenesisHash, verification.HeadHash);
    }

    [Fact]
    public async Task AppendAsync_FirstRecord_ChainsFromGenesisAndIsStampedWithTheClock()
    {
        var (_, log) = NewLog();
        var now = fixture.Clock.GetUtcNow();

        var record = await log.AppendAsync(Entry(0));

        Assert.Equal(1, record.Sequence);
        Assert.Equal(now, record.Timestamp);
        Assert.Equal(AuditChain.GenesisHash, record.PreviousHash);
        Assert.Equal(AuditChain.ComputeHash(1, record.ToRecord().Entry, AuditChain.GenesisHash), record.Hash);
    }

    [Fact]
    public async Task AppendAsync_MoreRecordsThanOneSegmentHolds_VerifiesValidWithEveryRecord()
    {
        var (key, log) = NewLog();
        const int count = AuditLogGrain.SegmentSize + 44;

        var head = await AppendAsync(log, count);

        var verification = await log.VerifyAsync();
        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(count, verification.RecordCount);
        Assert.Equal(head.Hash, verification.HeadHash);
        Assert.Null(verification.FirstBadSequence);
        Assert.Equal(AuditLogGrain.SegmentSize, (await Segment(key, 0).GetAllAsync()).Count);
        var second = await Segment(key, 1).GetAllAsync();
        Assert.Equal(AuditLogGrain.SegmentSize + 1, second[0].Sequence);
        Assert.Equal(count, second[^1].Sequence);
    }

    [Fact]
    public async Task QueryAsync_ByAgent_ReturnsOnlyThatAgentsRecordsInSequenceOrder()
    {
        var (_, log) = NewLog();
        await AppendAsync(log, 10);

        var records = await log.QueryAsync(AgentA, null, 0, 100);

        Assert.Equal([1L, 3, 5, 7, 9], records.Select(r => r.Sequence));
        Assert.All(records, r => Assert.Equal(AgentA, r.AgentId));
    }

    [Fact]
    public async Task QueryAsync_ByAgentAcrossASegmentBoundary_ContinuesIntoTheNextSegment()
    {
        var (_, log) = NewLog();
        await AppendAsync(log, AuditLogGrain.SegmentSize + 4);

        var records = await log.QueryAsync(AgentB, null, AuditLogGrain.SegmentSize - 4, 100);

        Assert.Equal([254L, 256, 258, 260], records.Select(r => r.Sequence));
    }

    [Fact]
    public async Task QueryAsync_Since_ReturnsOnlyRecordsFromThatInstantOn()
    {
        var (_, log) = NewLog();
        await AppendAsync(log, 3);
        await fixture.AdvanceAsync(TimeSpan.FromMinutes(1));
        var since = fixture.Clock.GetUtcNow();
        await AppendAsync(log, 2);

        var records = await log.QueryAsync(null, since, 0, 100);

        Assert.Equal([4L, 5], records.Select(r => r.Sequence));
        Assert.All(records, r => Assert.Equal(since, r.Timestamp));
    }

    [Fact]
    public async Task QueryAsync_AfterSequenceAndLimit_PagesThroughTheLog()
    {
        var (_, log) = NewLog();
        await AppendAsync(log, 10);

        var first = await log.QueryAsync(null, null, 0, 4);
        var second = await log.QueryAsync(null, null, first[^1].Sequence, 4);
        var third = await log.QueryAsync(null, null, second[^1].Sequence, 4);

        Assert.Equal([1L, 2, 3, 4], first.Select(r => r.Sequence));
        Assert.Equal([5L, 6, 7, 8], second.Select(r => r.Sequence));
        Assert.Equal([9L, 10], third.Select(r => r.Sequence));
    }

    [Fact]
    public async Task AppendAsync_UnknownDecision_ThrowsAndAppendsNothing()
    {
        var (_, log) = NewLog();

        var e = await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(new AuditEntryMessage("test.append", "Maybe")));

        Assert.Equal("Unknown audit decision 'Maybe'.", e.Message);
        Assert.Equal(0, (await log.VerifyAsync()).RecordCount);
    }

    [Fact]
    public async Task AuditSegmentGrain_AppendAsync_RecordWhoseHashDoesNotMatch_RefusedAndTheLogGoesOn()
    {
        var (key, log) = NewLog();
        var head = await AppendAsync(log, 3);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Segment(key, 0).AppendAsync(Forged(head, hash: new string('f', 64))));

        Assert.Equal("Audit record 4 does not match its hash.", e.Message);
        var next = await log.AppendAsync(Entry(3));
        Assert.Equal(4, next.Sequence);
        var verification = await log.VerifyAsync();
        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(4, verification.RecordCount);
    }

    [Fact]
    public async Task AuditSegmentGrain_AppendAsync_RecordThatDoesNotLinkToTheLast_Refused()
    {
        var (key, log) = NewLog();
        var head = await AppendAsync(log, 3);
        var unlinked = AuditChain.Append(head.Sequence, new string('0', 64), new AuditEntry("forged.action", AuditDecision.Allowed, head.Timestamp)).ToView();

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Segment(key, 0).AppendAsync(unlinked));

        Assert.Equal("Audit record 4 does not follow 3.", e.Message);
    }

    [Fact]
    public async Task VerifyAsync_WellFormedRecordAppendedToASegmentThenReactivated_AdoptedAsGenuine()
    {
        var (key, log) = NewLog();
        var head = await AppendAsync(log, 3);
        var forged = Forged(head, hash: null);
        await Segment(key, 0).AppendAsync(forged);

        // The chain is unkeyed: whoever can call a segment grain can extend the log with a record that verifies.
        var verification = await ReactivatedUntilAsync(log, v => v.RecordCount != 3);

        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(4, verification.RecordCount);
        Assert.Equal(forged.Hash, verification.HeadHash);
    }

    [Fact]
    public async Task AuditSegmentGrain_AppendAsync_SequenceGap_Refused()
    {
        var (key, log) = NewLog();
        var head = await AppendAsync(log, 2);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Segment(key, 0).AppendAsync(head with { Sequence = 4 }));

        Assert.Equal("Audit record 4 does not follow 2.", e.Message);
    }

    [Fact]
    public async Task AppendAsync_ManyConcurrentAppends_EachCallerGetsItsOwnRecordAndTheChainVerifies()
    {
        var (key, log) = NewLog();
        const int count = (2 * AuditLogGrain.SegmentSize) + 88;

        var records = await Task.WhenAll(Enumerable.Range(0, count).Select(i => log.AppendAsync(Entry(i))));

        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), records.Select(r => r.Sequence).Order());
        Assert.Equal(count, records.Select(r => r.CorrelationId).Distinct().Count());
        var verification = await log.VerifyAsync();
        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(count, verification.RecordCount);
        Assert.Equal(records.MaxBy(r => r.Sequence)!.Hash, verification.HeadHash);
        var stored = (await Segment(key, 0).GetAllAsync()).Concat(await Segment(key, 1).GetAllAsync()).Concat(await Segment(key, 2).GetAllAsync());
        Assert.Equal(records.OrderBy(r => r.Sequence), stored);
    }

    [Fact]
    public async Task OnActivate_BatchThatReachedTwoSegmentsButNotTheHead_AdoptedWhole()
    {
        var (key, log) = NewLog();
        var head = await AppendAsync(log, AuditLogGrain.SegmentSize - 4);
        var batch = Batch(head, 10);
        await Segment(key, 0).AppendRangeAsync(batch[..4]);
        await Segment(key, 1).AppendRangeAsync(batch[4..]);

        // What a crash between the segment writes and the head write leaves behind.
        var verification = await ReactivatedUntilAsync(log, v => v.RecordCount != head.Sequence);

        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(AuditLogGrain.SegmentSize + 6, verification.RecordCount);
        Assert.Equal(batch[^1].Hash, verification.HeadHash);
        Assert.Equal(AuditLogGrain.SegmentSize + 7, (await log.AppendAsync(Entry(99))).Sequence);
    }

    [Fact]
    public async Task OnActivate_BatchWhoseSecondSegmentWasNeverWritten_AdoptsTheFirstPartOnly()
    {
        var (key, log) = NewLog();
        var head = await AppendAsync(log, AuditLogGrain.SegmentSize - 4);
        var batch = Batch(head, 10);
        await Segment(key, 0).AppendRangeAsync(batch[..4]);

        var verification = await ReactivatedUntilAsync(log, v => v.RecordCount != head.Sequence);

        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(AuditLogGrain.SegmentSize, verification.RecordCount);
        Assert.Equal(batch[3].Hash, verification.HeadHash);
    }

    [Fact]
    public async Task OnActivate_SeveralBatchRowsPastTheStoredHead_AdoptsThemAllInOrder()
    {
        var (key, log) = NewLog();
        var head = await AppendAsync(log, 5);
        var first = Batch(head, 3);
        var second = Batch(first[^1], 2);
        var third = Batch(second[^1], 4);
        foreach (var batch in new[] { first, second, third })
            await Segment(key, 0).AppendRangeAsync(batch);

        // What a crash leaves when the stored head lags the tail by several batches, as it may under load.
        var verification = await ReactivatedUntilAsync(log, v => v.RecordCount != head.Sequence);

        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(14, verification.RecordCount);
        Assert.Equal(third[^1].Hash, verification.HeadHash);
        Assert.Equal(15, (await log.AppendAsync(Entry(14))).Sequence);
    }

    [Fact]
    public async Task QueryAsync_RightAfterConcurrentAppends_IncludesEveryAnsweredRecord()
    {
        var (_, log) = NewLog();
        const int count = AuditLogGrain.SegmentSize + 44;

        var answered = await Task.WhenAll(Enumerable.Range(0, count).Select(i => log.AppendAsync(Entry(i))));
        var first = await log.QueryAsync(null, null, 0, 1000);

        Assert.Equal(answered.OrderBy(r => r.Sequence), first);
    }

    [Fact]
    public async Task AuditSegmentGrain_AppendRangeAsync_OneRecordInTheMiddleDoesNotLink_RefusesTheWholeRange()
    {
        var (key, log) = NewLog();
        var head = await AppendAsync(log, 2);
        var batch = Batch(head, 3);
        batch[1] = batch[1] with { PreviousHash = new string('0', 64) };

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Segment(key, 0).AppendRangeAsync(batch));

        Assert.Equal("Audit record 4 does not follow 3.", e.Message);
        Assert.Equal(2, (await Segment(key, 0).GetAllAsync()).Count);
    }

    private (string Key, IAuditLogGrain Log) NewLog()
    {
        var key = $"audit-tests-{Guid.NewGuid():N}";
        return (key, fixture.GrainFactory.GetGrain<IAuditLogGrain>(key));
    }

    private IAuditSegmentGrain Segment(string logKey, long segment) =>
        fixture.GrainFactory.GetGrain<IAuditSegmentGrain>(GrainKeys.AuditSegment(logKey, segment));

    /// <summary>Entry <paramref name="i"/>: agents alternate A, B, A, … so sequence 1, 3, 5 … belong to A.</summary>
    private static AuditEntryMessage Entry(int i) => new(
        "test.append", "Allowed", AgentId: i % 2 == 0 ? AgentA : AgentB, CorrelationId: $"corr-{i}", Detail: $"entry {i}");

    private static async Task<AuditRecordView> AppendAsync(IAuditLogGrain log, int count)
    {
        AuditRecordView? last = null;
        var start = (int)((await log.VerifyAsync()).RecordCount);
        for (var i = start; i < start + count; i++)
            last = await log.AppendAsync(Entry(i));
        return last!;
    }

    /// <summary>The record after <paramref name="head"/>, linked to it; with <paramref name="hash"/> null its hash is correct.</summary>
    private static AuditRecordView Forged(AuditRecordView head, string? hash)
    {
        var entry = new AuditEntry("forged.action", AuditDecision.Allowed, head.Timestamp, AgentId: AgentA, Detail: "not written by the log");
        var record = AuditChain.Append(head.Sequence, head.Hash, entry);
        return record.ToView() with { Hash = hash ?? record.Hash };
    }

    /// <summary><paramref name="count"/> records chained after <paramref name="head"/>, as one group commit would write them.</summary>
    private static AuditRecordView[] Batch(AuditRecordView head, int count) =>
    [
        .. AuditChain.AppendRange(
                head.Sequence,
                head.Hash,
                Enumerable.Range(0, count).Select(i => new AuditEntry("test.batch", AuditDecision.Allowed, head.Timestamp, AgentId: AgentA, Detail: $"batch {i}")))
            .Select(r => r.ToView()),
    ];

    /// <summary>Deactivates the log's head grain and polls (bounded) until a fresh activation answers as expected.</summary>
    private static async Task<AuditVerificationView> ReactivatedUntilAsync(IAuditLogGrain log, Func<AuditVerificationView, bool> done)
    {
        await log.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        AuditVerificationView verification = await log.VerifyAsync();
        for (var attempt = 0; attempt < 50 && !done(verification); attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
            verification = await log.VerifyAsync();
        }

        return verification;
    }
}
