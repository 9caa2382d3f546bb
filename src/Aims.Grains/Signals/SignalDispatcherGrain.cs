using Orleans.Concurrency;

namespace Aims.Grains.Signals;

/// <summary>A per-silo fan-out worker: every stream of the trust domain gets the event and decides for itself.</summary>
[StatelessWorker]
public sealed class SignalDispatcherGrain : Grain, ISignalDispatcherGrain
{
    public async Task PublishAsync(SecurityEventMessage securityEvent)
    {
        var streams = await GrainFactory.GetGrain<ISsfStreamDirectoryGrain>(this.GetPrimaryKeyString()).ListAsync(null);
        await Task.WhenAll(streams.Select(id => GrainFactory.GetGrain<ISsfStreamGrain>(GrainKeys.SsfStream(id)).EnqueueAsync(securityEvent)));
    }
}
