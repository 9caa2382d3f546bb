using Aims.Grains.Hosting;

namespace Aims.Grains.Signals;

public sealed class SsfStreamDirectoryGrain(
    [PersistentState("ssfStreams", StorageNames.Aims)] IPersistentState<SsfStreamDirectoryGrainState> state) : Grain, ISsfStreamDirectoryGrain
{
    public async Task AddAsync(string streamId, string owner)
    {
        state.State.Streams[streamId] = owner;
        await state.WriteStateAsync();
    }

    public async Task RemoveAsync(string streamId)
    {
        if (state.State.Streams.Remove(streamId))
            await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> ListAsync(string? owner) =>
        Task.FromResult<IReadOnlyList<string>>(
            [.. state.State.Streams.Where(s => owner is null || s.Value == owner).Select(s => s.Key).Order(StringComparer.Ordinal)]);
}
