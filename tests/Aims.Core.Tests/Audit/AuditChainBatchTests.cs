using Aims.Core.Audit;

namespace Aims.Core.Tests.Audit;

/// <summary>
/// What a group commit needs from the chain: a batch chained in one call equals the same entries appended one by one,
/// and the records that reached storage after the head can be told apart from anything that does not continue it.
/// </summary>
public sealed class AuditChainBatchTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AppendRange_SeveralEntries_SameRecordsAsAppendingOneByOne()
    {
        var head = AuditChain.Append(0, AuditChain.GenesisHash, Entry(0));
        IReadOnlyList<AuditEntry> entries = [Entry(1), Entry(2), Entry(3)];

        var batch = AuditChain.AppendRange(head.Sequence, head.Hash, entries);

        var oneByOne = new List<AuditRecord>();
        var (sequence, hash) = (head.Sequence, head.Hash);
        foreach (var entry in entries)
        {
            var record = AuditChain.Append(sequence, hash, entry);
            oneByOne.Add(record);
            (sequence, hash) = (record.Sequence, record.Hash);
        }

        Assert.Equal(oneByOne, batch);
        Assert.True(AuditChain.Verify([head, .. batch], 4, batch[^1].Hash).Valid);
    }

    [Fact]
    public void AppendRange_NoEntries_Empty() =>
        Assert.Empty(AuditChain.AppendRange(0, AuditChain.GenesisHash, []));

    [Fact]
    public void Continuation_RecordsBeforeAndAfterTheHead_ReturnsOnlyThoseAfterInOrder()
    {
        var records = Chain(6);

        var run = AuditChain.Continuation(2, records[1].Hash, records);

        Assert.Equal(records[2..], run);
    }

    [Fact]
    public void Continuation_NothingAfterTheHead_Empty()
    {
        var records = Chain(3);

        Assert.Empty(AuditChain.Continuation(3, records[^1].Hash, records));
    }

    [Fact]
    public void Continuation_RecordWithAlteredContent_StopsBeforeIt()
    {
        var records = Chain(5);
        records[3] = records[3] with { Entry = records[3].Entry with { Detail = "altered" } };

        var run = AuditChain.Continuation(1, records[0].Hash, records);

        Assert.Equal([2L, 3], run.Select(r => r.Sequence));
    }

    [Fact]
    public void Continuation_RecordsThatDoNotLinkToTheHead_Empty()
    {
        var records = Chain(4);

        Assert.Empty(AuditChain.Continuation(2, new string('f', 64), records));
    }

    [Fact]
    public void Continuation_GapInSequence_StopsAtTheGap()
    {
        var records = Chain(5);

        var run = AuditChain.Continuation(0, AuditChain.GenesisHash, [records[0], records[1], records[3], records[4]]);

        Assert.Equal([1L, 2], run.Select(r => r.Sequence));
    }

    private static AuditEntry Entry(int i) =>
        new("test.batch", AuditDecision.Allowed, Now.AddSeconds(i), AgentId: "spiffe://aims.test/agents/a", CorrelationId: $"corr-{i}", Detail: $"entry {i}");

    private static AuditRecord[] Chain(int count) =>
        [.. AuditChain.AppendRange(0, AuditChain.GenesisHash, Enumerable.Range(0, count).Select(Entry))];
}
