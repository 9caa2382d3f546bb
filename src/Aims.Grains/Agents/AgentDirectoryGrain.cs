using Aims.Grains.Hosting;

namespace Aims.Grains.Agents;

public sealed class AgentDirectoryGrain(
    [PersistentState("agentDirectory", StorageNames.Aims)] IPersistentState<AgentDirectoryGrainState> state) : Grain, IAgentDirectoryGrain
{
    public async Task AddAsync(string spiffeId)
    {
        if (state.State.Agents.Add(spiffeId))
            await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> ListAsync(string? prefix, string? after, int limit)
    {
        IEnumerable<string> view = state.State.Agents;
        if (after is not null)
            view = state.State.Agents.Max is { } max && state.State.Agents.Comparer.Compare(after, max) < 0 ? state.State.Agents.GetViewBetween(after, max).Where(id => string.CompareOrdinal(id, after) > 0) : [];
        if (!string.IsNullOrEmpty(prefix))
            view = view.Where(id => id.StartsWith(prefix, StringComparison.Ordinal));
        IReadOnlyList<string> page = [.. view.Take(Math.Clamp(limit, 1, 1000))];
        return Task.FromResult(page);
    }
}
