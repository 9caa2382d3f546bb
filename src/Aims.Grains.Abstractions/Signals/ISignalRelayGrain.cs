namespace Aims.Grains.Signals;

/// <summary>
/// One per silo (keyed by the silo's address, placed on it): subscribes to the cluster's agent signal stream and
/// applies each signal on its silo, to the revocation cache that local validation reads and to the token grains
/// activated there. Started and kept alive by each silo itself.
/// </summary>
[Alias("aims.ISignalRelayGrain")]
public interface ISignalRelayGrain : IGrainWithStringKey
{
    /// <summary>Subscribes (or resumes the subscription); true when this activation runs on the silo its key names.</summary>
    [Alias("Start")] Task<bool> StartAsync();
}
