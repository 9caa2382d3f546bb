using Aims.Grains.Hosting;

namespace Aims.Grains.OAuth;

public sealed class OAuthClientGrain(
    [PersistentState("oauthClient", StorageNames.Aims)] IPersistentState<OAuthClientGrainState> state) : Grain, IOAuthClientGrain
{
    public Task<OAuthClientView?> GetAsync() => Task.FromResult(state.State.Client);

    public async Task<OAuthClientView> RegisterAsync(OAuthClientView registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (registration.ClientId != this.GetPrimaryKeyString())
            throw new ArgumentException($"registration for {registration.ClientId} sent to the grain of {this.GetPrimaryKeyString()}", nameof(registration));

        state.State.Client = state.State.Client is { } existing ? registration with { IssuedAt = existing.IssuedAt } : registration;
        await state.WriteStateAsync();
        return state.State.Client;
    }
}
