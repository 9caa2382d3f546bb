using Aims.Grains.Agents;

namespace Aims.Grains.Registration;

/// <summary>
/// One registration entry, keyed by its id (<see cref="GrainKeys.RegistrationEntry"/>), which is derived from its
/// SPIFFE ID, parent and selectors: those never change; to change one, delete the entry and create another.
/// </summary>
[Alias("aims.IRegistrationEntryGrain")]
public interface IRegistrationEntryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Validates and stores the entry, registers its SPIFFE ID as an agent if it is not one yet (so suspension,
    /// compromise and policy apply to the workload too), indexes it under its parent, and audits it; all durable
    /// before this returns.
    /// </summary>
    [Alias("Create")] Task<RegistrationEntryCreation> CreateAsync(CreateRegistrationEntry command);

    /// <summary>The entry, or null when there is none.</summary>
    [Alias("Get"), Orleans.Concurrency.AlwaysInterleave] Task<RegistrationEntryView?> GetAsync();

    /// <summary>Removes the entry and its index records; the deleted entry, or null when there was none.</summary>
    [Alias("Delete")] Task<RegistrationEntryView?> DeleteAsync(AdminAction action);
}
