namespace Aims.Grains.Signals;

/// <summary>
/// Hands one event to every SSF stream of the trust domain (each decides whether it carries it), keyed by
/// <see cref="GrainKeys.SignalDispatcher"/>. Returns once every stream has queued it durably.
/// </summary>
[Alias("aims.ISignalDispatcherGrain")]
public interface ISignalDispatcherGrain : IGrainWithStringKey
{
    [Alias("Publish")] Task PublishAsync(SecurityEventMessage securityEvent);
}
