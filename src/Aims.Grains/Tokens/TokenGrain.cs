using Aims.Core.Tokens;
using Aims.Grains.Hosting;

namespace Aims.Grains.Tokens;

public sealed class TokenGrain(
    [PersistentState("token", StorageNames.Aims)] IPersistentState<TokenGrainState> state,
    Signals.LocalTokenActivations activations,
    TimeProvider time) : Grain, ITokenGrain
{
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (state.State.Record is { } record)
            activations.Untrack(record.Jti, TokenSignals.Parties(record));
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Grain-per-token: the activation should not outlive the token by much.
        if (state.State.Record is { } record && record.ExpiresAt > time.GetUtcNow())
            DelayDeactivation(record.ExpiresAt - time.GetUtcNow());
        return base.OnActivateAsync(cancellationToken);
    }

    public Task RecordIssuedAsync(TokenRecord record)
    {
        // In memory only: issuance writes nothing per token (ARCHITECTURE.md "Performance shape").
        if (state.State.Record is null)
        {
            state.State.Record = record;
            activations.Track(record.Jti, TokenSignals.Parties(record));
        }

        return Task.CompletedTask;
    }

    public Task<TokenRecord?> GetAsync() => Task.FromResult(Current());

    public async Task<TokenRecord> RevokeAsync(TokenRecord known, string reason)
    {
        var record = Current() ?? known;
        if (!TokenTransitions.IsLive(record.State))
            return record;

        state.State.Record = record with { State = TokenTransitions.Revoke(record.State), RevocationReason = reason };
        await state.WriteStateAsync();
        return state.State.Record;
    }

    public Task ApplySignalAsync(Signals.AgentSignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (Current() is { } record && TokenTransitions.IsLive(record.State))
            state.State.Record = TokenSignals.Apply(record, signal);
        return Task.CompletedTask;
    }

    private TokenRecord? Current()
    {
        var record = state.State.Record;
        if (record is not null && TokenTransitions.IsLive(record.State) && time.GetUtcNow() >= record.ExpiresAt)
            state.State.Record = record = record with { State = TokenTransitions.Expire(record.State) };
        return record;
    }
}
