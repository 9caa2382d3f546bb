using Aims.Grains.Hosting;

namespace Aims.Grains.Registration;

public sealed class RegistrationEntryIndexGrain(
    [PersistentState("registrationEntryIndex", StorageNames.Aims)] IPersistentState<RegistrationEntryIndexGrainState> state) : Grain, IRegistrationEntryIndexGrain
{
    public async Task AddAsync(RegistrationEntryView entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        state.State.Entries[entry.Id] = entry;
        await state.WriteStateAsync();
    }

    public async Task RemoveAsync(string entryId)
    {
        if (state.State.Entries.Remove(entryId))
            await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<RegistrationEntryView>> ListAsync(string? after, int limit)
    {
        IReadOnlyList<RegistrationEntryView> page = [.. state.State.Entries.Values
            .Where(e => after is null || string.CompareOrdinal(e.Id, after) > 0)
            .OrderBy(e => e.Id, StringComparer.Ordinal)
            .Take(Math.Clamp(limit, 1, 10_000))];
        return Task.FromResult(page);
    }
}
