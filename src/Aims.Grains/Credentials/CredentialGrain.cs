using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.Revocation;
using Aims.Grains.Hosting;
using Aims.Grains.Revocation;

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

    public async Task<CredentialRecord> RevokeAsync(string reason, RevocationReason code)
    {
        var record = state.State.Record
            ?? throw new InvalidOperationException($"Credential {this.GetPrimaryKeyString()} was never issued.");
        var revoked = record with
        {
            State = CredentialTransitions.Revoke(record.State),
            RevokedAt = time.GetUtcNow(),
            RevocationReason = reason,
            RevocationCode = code,
        };

        // The CA's list first: the CRL reads it, OCSP reads this record, and both say revoked once this returns. A
        // failure in between leaves the credential live here, so the revocation can be repeated (the list keeps the first).
        if (record.Kind == CredentialKind.X509Svid)
            await RevocationListOf(record).RecordAsync(new RevokedSerial(record.Id, revoked.RevokedAt!.Value, code, record.ExpiresAt));
        return await MoveAsync(_ => revoked);
    }

    public async Task<CredentialRecord?> ExpireIfDueAsync()
    {
        var record = state.State.Record;
        if (record is null || !CredentialTransitions.IsLive(record.State) || time.GetUtcNow() < record.ExpiresAt)
            return record;

        return await MoveAsync(r => r with { State = CredentialTransitions.Expire(r.State) });
    }

    public Task<CredentialRecord?> GetAsync() => Task.FromResult(state.State.Record);

    /// <summary>Applies and persists a transition; if the write fails the record stays as it was.</summary>
    private async Task<CredentialRecord> MoveAsync(Func<CredentialRecord, CredentialRecord> transition)
    {
        var record = state.State.Record
            ?? throw new InvalidOperationException($"Credential {this.GetPrimaryKeyString()} was never issued.");
        state.State.Record = transition(record);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Record = record;
            throw;
        }

        return state.State.Record;
    }

    private IRevocationRegistryGrain RevocationListOf(CredentialRecord record)
    {
        var ca = record.IssuerKeyId
            ?? throw new InvalidOperationException($"X.509 credential {record.Id} has no issuer key id; it cannot be put on a CRL.");
        return GrainFactory.GetGrain<IRevocationRegistryGrain>(GrainKeys.RevocationRegistry(SpiffeId.Parse(record.SpiffeId).TrustDomain, ca));
    }
}
