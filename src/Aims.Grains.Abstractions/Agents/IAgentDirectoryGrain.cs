namespace Aims.Grains.Agents;

/// <summary>The sorted index of registered agents of a trust domain, for listing by prefix.</summary>
[Alias("aims.IAgentDirectoryGrain")]
public interface IAgentDirectoryGrain : IGrainWithStringKey
{
    [Alias("Add")] Task AddAsync(string spiffeId);

    /// <summary>IDs starting with <paramref name="prefix"/>, after <paramref name="after"/> (exclusive), at most <paramref name="limit"/>.</summary>
    [Alias("List")] Task<IReadOnlyList<string>> ListAsync(string? prefix, string? after, int limit);
}
