using Aims.Core.Audit;
using Aims.Grains.Audit;
using Aims.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Aims.Grains.Tests.Storage;

/// <summary>
/// The audit log on the SQLite provider the Local profile uses: batch rows inserted per group commit, whole-segment
/// rows, and a log stored as whole segments only (before batch rows) still reading, verifying and growing.
/// </summary>
[Collection(SqliteStorageClusterCollection.Name)]
public sealed class SqliteAuditLogTests(SqliteStorageClusterFixture fixture)
{
    [Fact]
    public async Task AppendAsync_ConcurrentAppendsOverTwoSegmentsThenReactivated_VerifiesEveryRecord()
    {
        var log = Log(out _);
        const int count = AuditLogGrain.SegmentSize + 40;

        var records = await Task.WhenAll(Enumerable.Range(0, count).Select(i => log.AppendAsync(Entry(i))));
        await log.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var verification = await log.VerifyAsync();

        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(count, verification.RecordCount);
        Assert.Equal(records.MaxBy(r => r.Sequence)!.Hash, verification.HeadHash);
        Assert.Equal(count + 1, (await log.AppendAsync(Entry(count))).Sequence);
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

    private IGrainStorage Storage =>
        fixture.Cluster.Primary is InProcessSiloHandle { SiloHost: { } host }
            ? host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Aims)
            : throw new InvalidOperationException("The test cluster's silos run in this process.");

    private IAuditLogGrain Log(out string key)
    {
        key = $"sqlite-audit-{Guid.NewGuid():N}";
        return fixture.Cluster.GrainFactory.GetGrain<IAuditLogGrain>(key);
    }

    private static AuditEntryMessage Entry(int i) => new("test.sqlite", "Allowed", CorrelationId: $"corr-{i}", Detail: $"entry {i}");
}
