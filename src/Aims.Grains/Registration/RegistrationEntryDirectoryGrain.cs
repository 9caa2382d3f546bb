using Aims.Grains.Hosting;

namespace Aims.Grains.Registration;

public sealed class RegistrationEntryDirectoryGrain(
    [PersistentState("registrationEntryDirectory", StorageNames.Aims)] IPersistentState<RegistrationEntryDirectoryGrainState> state) : Grain, IRegistrationEntryDirectoryGrain
{
    public async Task AddAsync(string entryId)
    {
        if (state.State.Entries.Add(entryId))
            await state.WriteStateAsync();
    }

    public async Task RemoveAsync(string entryId)
    {
        if (state.State.Entries.Remove(entryId))
            await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> ListAsync(string? after, int limit)
    {
        IReadOnlyList<string> page = [.. state.State.Entries
            .Where(id => after is null || string.CompareOrdinal(id, after) > 0)
            .Take(Math.Clamp(limit, 1, 1000))];
        return Task.FromResult(page);
    }
}
