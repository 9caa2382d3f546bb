using Orleans.Storage;
using static Aims.Grains.Tests.Storage.SqliteStorageHarness;

namespace Aims.Grains.Tests.Storage;

/// <summary>Two provider instances on one file stand in for two silos that both activated a grain.</summary>
public sealed class SqliteGrainStorageConcurrencyTests : IAsyncLifetime
{
    private const string StateName = "s";
    private readonly SqliteStorageHarness _harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _harness.DisposeAsync().AsTask();

    [Fact]
    public async Task WriteStateAsync_TwoProvidersRacingFirstWrite_ExactlyOneWins()
    {
        var first = _harness.CreateProvider();
        var second = _harness.CreateProvider();
        var firstState = new TestGrainState { State = new() { Value = "first" } };
        var secondState = new TestGrainState { State = new() { Value = "second" } };

        var outcomes = await Task.WhenAll(
            Task.Run(() => TryWriteAsync(first, firstState)),
            Task.Run(() => TryWriteAsync(second, secondState)));

        Assert.Single(outcomes, won => won);
        var stored = NewState();
        await first.ReadStateAsync(StateName, Grain("alice"), stored);
        Assert.Equal("1", stored.ETag);
        Assert.Equal(outcomes[0] ? "first" : "second", stored.State.Value);
    }

    [Fact]
    public async Task WriteStateAsync_TwoProvidersIncrementingConcurrently_LoseNoUpdate()
    {
        const int IncrementsPerWriter = 25;
        var first = _harness.CreateProvider();
        var second = _harness.CreateProvider();

        await Task.WhenAll(
            Task.Run(() => IncrementAsync(first, IncrementsPerWriter)),
            Task.Run(() => IncrementAsync(second, IncrementsPerWriter)));

        var stored = NewState();
        await _harness.CreateProvider().ReadStateAsync(StateName, Grain("counter"), stored);
        Assert.Equal(2 * IncrementsPerWriter, stored.State.Counter);
        Assert.Equal((2 * IncrementsPerWriter).ToString(System.Globalization.CultureInfo.InvariantCulture), stored.ETag);
    }

    private static async Task<bool> TryWriteAsync(Aims.Grains.Storage.SqliteGrainStorage storage, TestGrainState state)
    {
        try
        {
            await storage.WriteStateAsync(StateName, Grain("alice"), state);
            return true;
        }
        catch (InconsistentStateException)
        {
            return false;
        }
    }

    // What a grain does after InconsistentStateException: reload and apply its change again.
    private static async Task IncrementAsync(Aims.Grains.Storage.SqliteGrainStorage storage, int times)
    {
        var state = NewState();
        await storage.ReadStateAsync(StateName, Grain("counter"), state);
        for (var i = 0; i < times; i++)
        {
            while (true)
            {
                state.State.Counter++;
                try
                {
                    await storage.WriteStateAsync(StateName, Grain("counter"), state);
                    break;
                }
                catch (InconsistentStateException)
                {
                    await storage.ReadStateAsync(StateName, Grain("counter"), state);
                }
            }
        }
    }
}
