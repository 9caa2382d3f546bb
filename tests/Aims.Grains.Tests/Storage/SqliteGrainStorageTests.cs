using Microsoft.Extensions.Time.Testing;
using Orleans.Storage;
using static Aims.Grains.Tests.Storage.SqliteStorageHarness;

namespace Aims.Grains.Tests.Storage;

public sealed class SqliteGrainStorageTests : IAsyncLifetime
{
    private const string StateName = "s";
    private readonly SqliteStorageHarness _harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _harness.DisposeAsync().AsTask();

    [Fact]
    public async Task ReadStateAsync_MissingRecord_ReturnsDefaultStateWithoutETag()
    {
        var storage = _harness.CreateProvider();
        var state = new TestGrainState { State = new() { Value = "stale", Counter = 7 }, ETag = "3" };

        await storage.ReadStateAsync(StateName, Grain("alice"), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Null(state.State.Value);
        Assert.Equal(0, state.State.Counter);
    }

    [Fact]
    public async Task WriteStateAsync_ThenReadInNewProviderInstance_ReturnsWrittenState()
    {
        var writer = _harness.CreateProvider();
        var written = NewState();
        written.State.Value = "registered";
        written.State.Counter = 42;
        await writer.WriteStateAsync(StateName, Grain("alice"), written);
        await writer.CloseAsync(CancellationToken.None);

        var restarted = _harness.CreateProvider();
        var read = NewState();
        await restarted.ReadStateAsync(StateName, Grain("alice"), read);

        Assert.True(read.RecordExists);
        Assert.Equal("1", read.ETag);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal("registered", read.State.Value);
        Assert.Equal(42, read.State.Counter);
    }

    [Fact]
    public async Task WriteStateAsync_Twice_AdvancesETag()
    {
        var storage = _harness.CreateProvider();
        var state = NewState();

        await storage.WriteStateAsync(StateName, Grain("alice"), state);
        var first = state.ETag;
        await storage.WriteStateAsync(StateName, Grain("alice"), state);

        Assert.Equal("1", first);
        Assert.Equal("2", state.ETag);
        Assert.True(state.RecordExists);
    }

    [Fact]
    public async Task WriteStateAsync_StaleETag_ThrowsInconsistentStateExceptionAndKeepsStoredState()
    {
        var storage = _harness.CreateProvider();
        var seed = NewState();
        await storage.WriteStateAsync(StateName, Grain("alice"), seed);
        var winner = NewState();
        var loser = NewState();
        await storage.ReadStateAsync(StateName, Grain("alice"), winner);
        await storage.ReadStateAsync(StateName, Grain("alice"), loser);

        winner.State.Value = "winner";
        await storage.WriteStateAsync(StateName, Grain("alice"), winner);
        loser.State.Value = "loser";
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync(StateName, Grain("alice"), loser));

        Assert.Equal("2", conflict.StoredEtag);
        Assert.Equal("1", conflict.CurrentEtag);
        Assert.Equal("1", loser.ETag);
        var stored = NewState();
        await storage.ReadStateAsync(StateName, Grain("alice"), stored);
        Assert.Equal("winner", stored.State.Value);
    }

    [Fact]
    public async Task WriteStateAsync_NullETagWhenRecordExists_ThrowsInconsistentStateException()
    {
        var storage = _harness.CreateProvider();
        await storage.WriteStateAsync(StateName, Grain("alice"), NewState());

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync(StateName, Grain("alice"), NewState()));
    }

    [Fact]
    public async Task WriteStateAsync_ETagNotIssuedByThisProvider_ThrowsInconsistentStateException()
    {
        var storage = _harness.CreateProvider();
        await storage.WriteStateAsync(StateName, Grain("alice"), NewState());
        var foreign = new TestGrainState { ETag = "W/\"0x8DB\"" };

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync(StateName, Grain("alice"), foreign));
    }

    [Fact]
    public async Task ClearStateAsync_CurrentETag_RemovesRecordAndResetsState()
    {
        var storage = _harness.CreateProvider();
        var state = NewState();
        state.State.Value = "registered";
        await storage.WriteStateAsync(StateName, Grain("alice"), state);

        await storage.ClearStateAsync(StateName, Grain("alice"), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Null(state.State.Value);
        var reread = NewState();
        await _harness.CreateProvider().ReadStateAsync(StateName, Grain("alice"), reread);
        Assert.False(reread.RecordExists);
        Assert.Null(reread.ETag);
    }

    [Fact]
    public async Task ClearStateAsync_StaleETag_ThrowsInconsistentStateExceptionAndKeepsRecord()
    {
        var storage = _harness.CreateProvider();
        var current = NewState();
        await storage.WriteStateAsync(StateName, Grain("alice"), current);
        var stale = NewState();
        await storage.ReadStateAsync(StateName, Grain("alice"), stale);
        await storage.WriteStateAsync(StateName, Grain("alice"), current);

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.ClearStateAsync(StateName, Grain("alice"), stale));

        var reread = NewState();
        await storage.ReadStateAsync(StateName, Grain("alice"), reread);
        Assert.True(reread.RecordExists);
        Assert.Equal("2", reread.ETag);
    }

    [Fact]
    public async Task ClearStateAsync_MissingRecord_Succeeds()
    {
        var storage = _harness.CreateProvider();
        var state = NewState();

        await storage.ClearStateAsync(StateName, Grain("alice"), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
    }

    [Fact]
    public async Task WriteStateAsync_AfterClear_StartsNewRecord()
    {
        var storage = _harness.CreateProvider();
        var state = NewState();
        await storage.WriteStateAsync(StateName, Grain("alice"), state);
        await storage.ClearStateAsync(StateName, Grain("alice"), state);

        state.State.Value = "re-registered";
        await storage.WriteStateAsync(StateName, Grain("alice"), state);

        var reread = NewState();
        await storage.ReadStateAsync(StateName, Grain("alice"), reread);
        Assert.True(reread.RecordExists);
        Assert.Equal("re-registered", reread.State.Value);
        Assert.Equal(state.ETag, reread.ETag);
    }

    [Fact]
    public async Task WriteStateAsync_ETagFromBeforeClearAndRewrite_ThrowsInconsistentStateException()
    {
        // An activation that read version 1 must not overwrite a record that was cleared and written
        // again since, even though that record is, again, the first write after "no record".
        var storage = _harness.CreateProvider();
        var active = NewState();
        await storage.WriteStateAsync(StateName, Grain("alice"), active);
        var stale = NewState();
        await storage.ReadStateAsync(StateName, Grain("alice"), stale);
        await storage.ClearStateAsync(StateName, Grain("alice"), active);
        await storage.WriteStateAsync(StateName, Grain("alice"), active);

        stale.State.Value = "lost update";
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync(StateName, Grain("alice"), stale));
    }

    [Fact]
    public async Task WriteStateAsync_DifferentStateNamesGrainsAndProviders_AreStoredSeparately()
    {
        var aims = _harness.CreateProvider("aims");
        var other = _harness.CreateProvider("other");
        await aims.WriteStateAsync("a", Grain("alice"), new TestGrainState { State = new() { Value = "aims/a/alice" } });
        await aims.WriteStateAsync("b", Grain("alice"), new TestGrainState { State = new() { Value = "aims/b/alice" } });
        await aims.WriteStateAsync("a", Grain("bob"), new TestGrainState { State = new() { Value = "aims/a/bob" } });
        await other.WriteStateAsync("a", Grain("alice"), new TestGrainState { State = new() { Value = "other/a/alice" } });

        Assert.Equal("aims/a/alice", await ReadValueAsync(aims, "a", "alice"));
        Assert.Equal("aims/b/alice", await ReadValueAsync(aims, "b", "alice"));
        Assert.Equal("aims/a/bob", await ReadValueAsync(aims, "a", "bob"));
        Assert.Equal("other/a/alice", await ReadValueAsync(other, "a", "alice"));
    }

    [Fact]
    public async Task WriteStateAsync_StoresOrleansBinaryPayload()
    {
        var storage = _harness.CreateProvider();
        await storage.WriteStateAsync(StateName, Grain("alice"), new TestGrainState { State = new() { Value = "binary", Counter = 3 } });

        var payload = Assert.IsType<byte[]>(await _harness.QueryScalarAsync("SELECT payload FROM grain_state"));

        var decoded = Serializer.Deserialize<SqliteTestState>(payload);
        Assert.NotNull(decoded);
        Assert.Equal("binary", decoded.Value);
        Assert.Equal(3, decoded.Counter);
    }

    [Fact]
    public async Task WriteStateAsync_RecordsUpdateTimeFromTimeProvider()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)));
        var storage = _harness.CreateProvider(timeProvider: clock);

        await storage.WriteStateAsync(StateName, Grain("alice"), NewState());

        Assert.Equal("2030-01-02T01:04:05.0000000Z", await _harness.QueryScalarAsync("SELECT updated_utc FROM grain_state"));
    }

    private static async Task<string?> ReadValueAsync(Aims.Grains.Storage.SqliteGrainStorage storage, string stateName, string key)
    {
        var state = NewState();
        await storage.ReadStateAsync(stateName, Grain(key), state);
        return state.State.Value;
    }
}
