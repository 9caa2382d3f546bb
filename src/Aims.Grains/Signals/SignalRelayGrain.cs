using Aims.Core.OAuth;
using Aims.Core.Tokens;
using Aims.Grains.Authority;
using Aims.Grains.Hosting;
using Aims.Grains.Tokens;
using Orleans.Placement;
using Orleans.Streams;

namespace Aims.Grains.Signals;

/// <summary>
/// The per-silo end of the agent signal stream. It lives on the silo its key names (placed by that silo's first
/// call, kept alive), applies each signal to the silo's <see cref="RevocationCache"/> at once, so local validation
/// refuses without a grain call, and tells the token grains activated on this silo. An activation that finds
/// itself on another silo (its silo died) drops its subscription and goes away.
/// </summary>
[PreferLocalPlacement]
[KeepAlive]
public sealed class SignalRelayGrain(
    RevocationCache cache,
    LocalTokenActivations tokens,
    ILocalSiloDetails silo,
    AuthorityMaterial material) : Grain, ISignalRelayGrain
{
    private StreamSubscriptionHandle<AgentSignal>? _subscription;

    /// <summary>The relay key of a silo.</summary>
    public static string KeyOf(SiloAddress address) => address.ToParsableString();

    private bool OnItsSilo => this.GetPrimaryKeyString() == KeyOf(silo.SiloAddress);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!OnItsSilo)
        {
            // A relay of a dead silo, reactivated by a signal for its old subscription: end that subscription.
            foreach (var handle in await Stream().GetAllSubscriptionHandles())
                await handle.UnsubscribeAsync();
            DeactivateOnIdle();
        }

        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<bool> StartAsync()
    {
        if (!OnItsSilo)
            return false;
        if (_subscription is not null)
            return true;

        var handles = await Stream().GetAllSubscriptionHandles();
        _subscription = handles.Count > 0 ? await handles[0].ResumeAsync(OnSignalAsync) : await Stream().SubscribeAsync(OnSignalAsync);
        foreach (var extra in handles.Skip(1))
            await extra.UnsubscribeAsync();
        return true;
    }

    private async Task OnSignalAsync(AgentSignal signal, StreamSequenceToken? token)
    {
        if (!OnItsSilo)
            return;

        switch (signal.Kind)
        {
            case AgentSignalKind.Revoked when signal.RevokedBefore is { } revokedAt:
                cache.RevokeAgent(signal.Agent, revokedAt);
                break;
            case AgentSignalKind.ScopeReduced:
                cache.SetScopeCeiling(signal.Agent, ScopeSet.Parse(signal.Ceiling));
                break;
            case AgentSignalKind.ScopeRestored:
                cache.SetScopeCeiling(signal.Agent, null);
                break;
        }

        await Task.WhenAll(tokens.TokensOf(signal.Agent).Select(jti => GrainFactory.GetGrain<ITokenGrain>(GrainKeys.Token(jti)).ApplySignalAsync(signal)));
    }

    private IAsyncStream<AgentSignal> Stream() =>
        this.GetStreamProvider(StorageNames.Signals).GetStream<AgentSignal>(SignalStreams.AgentSignals(material.TrustDomain));
}
