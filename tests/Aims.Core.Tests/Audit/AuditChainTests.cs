using Aims.Core.Audit;

namespace Aims.Core.Tests.Audit;

/// <summary>The hash chain: any changed, missing, reordered or truncated record is found, with the first bad sequence.</summary>
public sealed class AuditChainTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Append_FirstRecord_Sequence1LinkedToGenesis()
    {
        var record = AuditChain.Append(0, AuditChain.GenesisHash, Entry(1));

        Assert.Equal(1, record.Sequence);
        Assert.Equal(AuditChain.GenesisHash, record.PreviousHash);
        Assert.Equal(AuditChain.ComputeHash(1, Entry(1), AuditChain.GenesisHash), record.Hash);
        Assert.Matches("^[0-9a-f]{64}$", record.Hash);
    }

    [Fact]
    public void Verify_IntactChain_ValidWithCountAndHeadHash()
    {
        var records = Chain(5);

        var result = AuditChain.Verify(records, 5, records[^1].Hash);

        Assert.True(result.Valid, result.Problem);
        Assert.Equal(5, result.RecordCount);
        Assert.Equal(records[^1].Hash, result.HeadHash);
        Assert.Null(result.FirstBadSequence);
        Assert.Null(result.Problem);
    }

    [Fact]
    public void Verify_EmptyLog_Valid()
    {
        var result = AuditChain.Verify([], 0, AuditChain.GenesisHash);

        Assert.True(result.Valid);
        Assert.Equal(0, result.RecordCount);
    }

    public static TheoryData<string> Fields => ["action", "decision", "timestamp", "agent", "subject", "resource", "correlation", "attestation", "cause", "actor", "detail"];

    [Theory]
    [MemberData(nameof(Fields))]
    public void Verify_OneFieldOfAMiddleRecordChanged_BrokenAtThatRecord(string field)
    {
        var records = Chain(5);
        records[2] = records[2] with { Entry = Change(records[2].Entry, field) };

        var result = AuditChain.Verify(records, 5, records[^1].Hash);

        Assert.False(result.Valid);
        Assert.Equal(3, result.FirstBadSequence);
        Assert.Equal("record 3 was modified: its content does not match its hash", result.Problem);
    }

    [Fact]
    public void Verify_ChangedRecordWithItsHashRecomputed_BrokenAtTheNextRecord()
    {
        var records = Chain(5);
        var changed = records[2].Entry with { Detail = "rewritten" };
        records[2] = records[2] with { Entry = changed, Hash = AuditChain.ComputeHash(3, changed, records[2].PreviousHash) };

        var result = AuditChain.Verify(records, 5, records[^1].Hash);

        Assert.Equal(4, result.FirstBadSequence);
        Assert.Equal("record 4 does not link to the hash of record 3", result.Problem);
    }

    [Fact]
    public void Verify_MiddleRecordMissing_BrokenAtTheMissingSequence()
    {
        var records = Chain(5);
        records.RemoveAt(2);

        var result = AuditChain.Verify(records, 5, records[^1].Hash);

        Assert.False(result.Valid);
        Assert.Equal(3, result.FirstBadSequence);
        Assert.Equal("record 3 is missing (found 4 in its place)", result.Problem);
    }

    [Fact]
    public void Verify_TailTruncated_BrokenByTheCountTheHeadHolds()
    {
        var records = Chain(5);
        var head = records[^1].Hash;
        records.RemoveRange(3, 2);

        var result = AuditChain.Verify(records, 5, head);

        Assert.False(result.Valid);
        Assert.Equal(4, result.FirstBadSequence);
        Assert.Equal("the log holds 5 records but only 3 are present", result.Problem);
    }

    [Fact]
    public void Verify_TwoRecordsSwapped_BrokenAtTheFirstOutOfPlace()
    {
        var records = Chain(5);
        (records[1], records[2]) = (records[2], records[1]);

        var result = AuditChain.Verify(records, 5, records[^1].Hash);

        Assert.False(result.Valid);
        Assert.Equal(2, result.FirstBadSequence);
        Assert.Equal("record 2 is missing (found 3 in its place)", result.Problem);
    }

    [Fact]
    public void Verify_TwoRecordsSwappedWithSequencesRenumbered_BrokenByTheLinks()
    {
        var records = Chain(5);
        (records[1], records[2]) = (records[2] with { Sequence = 2 }, records[1] with { Sequence = 3 });

        var result = AuditChain.Verify(records, 5, records[^1].Hash);

        Assert.Equal(2, result.FirstBadSequence);
        Assert.Equal("record 2 does not link to the hash of record 1", result.Problem);
    }

    [Fact]
    public void Verify_HeadHashOfAnotherChain_BrokenAtTheLastRecord()
    {
        var records = Chain(5);

        var result = AuditChain.Verify(records, 5, Chain(6)[^1].Hash);

        Assert.Equal(5, result.FirstBadSequence);
        Assert.Equal("the last record does not match the head hash of the log", result.Problem);
    }

    [Fact]
    public void ComputeHash_SameInstantInAnotherOffset_SameHash()
    {
        var utc = Entry(1);
        var local = utc with { Timestamp = utc.Timestamp.ToOffset(TimeSpan.FromHours(2)) };

        Assert.Equal(AuditChain.ComputeHash(1, utc, AuditChain.GenesisHash), AuditChain.ComputeHash(1, local, AuditChain.GenesisHash));
    }

    [Fact]
    public void ComputeHash_NullAndEmptyField_Differ()
    {
        var withNull = Entry(1) with { Cause = null };
        var withEmpty = Entry(1) with { Cause = string.Empty };

        Assert.NotEqual(AuditChain.ComputeHash(1, withNull, AuditChain.GenesisHash), AuditChain.ComputeHash(1, withEmpty, AuditChain.GenesisHash));
    }

    [Fact]
    public void ComputeHash_SameEntryAtAnotherSequence_Differs()
    {
        Assert.NotEqual(AuditChain.ComputeHash(1, Entry(1), AuditChain.GenesisHash), AuditChain.ComputeHash(2, Entry(1), AuditChain.GenesisHash));
    }

    private static AuditEntry Entry(int i) => new(
        "credential.issue",
        AuditDecision.Allowed,
        Now.AddSeconds(i),
        AgentId: "spiffe://aims.test/agents/a",
        DelegatedSubject: "user:alice",
        Resource: $"x509-svid:{i:x4}",
        CorrelationId: $"corr-{i}",
        AttestationState: "Active; attested by join_token",
        Cause: "renewal",
        Actor: "agent",
        Detail: $"entry {i}");

    private static List<AuditRecord> Chain(int count)
    {
        var records = new List<AuditRecord>();
        var hash = AuditChain.GenesisHash;
        for (var i = 1; i <= count; i++)
        {
            var record = AuditChain.Append(i - 1, hash, Entry(i));
            records.Add(record);
            hash = record.Hash;
        }

        return records;
    }

    private static AuditEntry Change(AuditEntry entry, string field) => field switch
    {
        "action" => entry with { Action = "credential.revoke" },
        "decision" => entry with { Decision = AuditDecision.Denied },
        "timestamp" => entry with { Timestamp = entry.Timestamp.AddTicks(1) },
        "agent" => entry with { AgentId = "spiffe://aims.test/agents/b" },
        "subject" => entry with { DelegatedSubject = null },
        "resource" => entry with { Resource = "x509-svid:ffff" },
        "correlation" => entry with { CorrelationId = "corr-x" },
        "attestation" => entry with { AttestationState = "Suspended" },
        "cause" => entry with { Cause = string.Empty },
        "actor" => entry with { Actor = "operator" },
        "detail" => entry with { Detail = "entry 3 " },
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };
}
