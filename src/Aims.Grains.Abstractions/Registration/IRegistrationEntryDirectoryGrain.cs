namespace Aims.Grains.Registration;

/// <summary>The ids of every registration entry of a trust domain (<see cref="GrainKeys.RegistrationEntryDirectory"/>), for listing.</summary>
[Alias("aims.IRegistrationEntryDirectoryGrain")]
public interface IRegistrationEntryDirectoryGrain : IGrainWithStringKey
{
    [Alias("Add")] Task AddAsync(string entryId);

    [Alias("Remove")] Task RemoveAsync(string entryId);

    /// <summary>Ids in order after <paramref name="after"/> (exclusive), at most <paramref name="limit"/>.</summary>
    [Alias("List"), Orleans.Concurrency.AlwaysInterleave] Task<IReadOnlyList<string>> ListAsync(string? after, int limit);
}
