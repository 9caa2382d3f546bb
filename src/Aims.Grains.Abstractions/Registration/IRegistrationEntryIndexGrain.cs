namespace Aims.Grains.Registration;

/// <summary>
/// The entries of one parent (node agent), keyed by <see cref="GrainKeys.RegistrationEntriesOfParent"/>, so a node
/// agent learns all its entries in one call.
/// </summary>
[Alias("aims.IRegistrationEntryIndexGrain")]
public interface IRegistrationEntryIndexGrain : IGrainWithStringKey
{
    [Alias("Add")] Task AddAsync(RegistrationEntryView entry);

    [Alias("Remove")] Task RemoveAsync(string entryId);

    /// <summary>Entries in id order after <paramref name="after"/> (exclusive), at most <paramref name="limit"/>.</summary>
    [Alias("List"), Orleans.Concurrency.AlwaysInterleave] Task<IReadOnlyList<RegistrationEntryView>> ListAsync(string? after, int limit);
}
