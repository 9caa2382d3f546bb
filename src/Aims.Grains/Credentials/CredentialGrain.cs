using Aims.Core.Credentials;
using Aims.Grains.Hosting;

namespace Aims.Grains.Credentials;

public sealed class CredentialGrain(
    [PersistentState("credential", StorageNames.Aims)] IPersistentState<CredentialGrainState> state,
    TimeProvider time) : Grain, ICredentialGrain
{
    public async Task RecordIssuedAsync(CredentialKind kind, string spiffeId, DateTimeOffset issuedAt, DateTimeOffset expiresAt, string issuerKeyId)
    {
        if (state.State.Record is not null)
            throw new InvalidOperationException($"Credential {this.GetPrimaryKeyString()} was already issued; ids are never reused.");

        state.State.Record = new CredentialRecord(
            this.GetPrimaryKeyString(), kind, spiffeId, CredentialState.Issued, issuedAt, expiresAt, issuerKeyId, null, null);
        await state.WriteStateAsync();
    }

    public Task<CredentialRecord> ActivateAsync() => MoveAsync(r => r with { State = CredentialTransitions.Activate(r.State) });

    public Task<CredentialRecord> SupersedeAsync() => MoveAsync(r => r with { State = CredentialTransitions.Supersede(r.State) });

    public Task<CredentialRecord> RevokeAsync(string reason) => MoveAsync(r => r with
    {
        State = CredentialTransitions.Revoke(r.State),
        RevokedAt = time.GetUtcNow(),
        RevocationReason = reason,
    });

    public async Task<CredentialRecord?> ExpireIfDueAsync()
    {
        var record = state.State.Record;
        if (record is null || !CredentialTransitions.IsLive(record.State) || time.GetUtcNow() < record.ExpiresAt)
            return record;

        return await MoveAsync(r => r with { State = CredentialTransitions.Expire(r.State) });
    }

    public Task<CredentialRecord?> GetAsync() => Task.FromResult(state.State.Record);

    private async Task<CredentialRecord> MoveAsync(Func<CredentialRecord, CredentialRecord> transition)
    {
        var record = state.State.Record
            ?? throw new InvalidOperationException($"Credential {this.GetPrimaryKeyString()} was never issued.");
        state.State.Record = transition(record);
        await state.WriteStateAsync();
        return state.State.Record;
    }
}
