using Aims.Core.Attestation.Tpm;
using Aims.Core.Identity;
using Aims.Grains.Agents;
using Aims.Grains.Audit;
using Aims.Grains.Hosting;

namespace Aims.Grains.Attestation;

/// <summary>The enrolment of one TPM attestation key. Thin: Core's <see cref="TpmAttestationKey"/> decides what a key may be.</summary>
public sealed class TpmKeyGrain(
    [PersistentState("tpmKey", StorageNames.Aims)] IPersistentState<TpmKeyGrainState> state,
    TimeProvider time) : Grain, ITpmKeyGrain
{
    private TpmKeyGrainState S => state.State;

    public async Task<TpmKeyEnrolmentResult> EnrolAsync(TpmKeyEnrolment enrolment)
    {
        ArgumentNullException.ThrowIfNull(enrolment);
        if (!TpmAttestationKey.TryCreate(enrolment.SubjectPublicKeyInfo, enrolment.AllowedPcrs, out var key, out var error))
            return new TpmKeyEnrolmentResult(null, error, Conflict: false);
        if (key.Id != this.GetPrimaryKeyString())
            throw new ArgumentException($"The key's id is {key.Id}, not this grain's key.", nameof(enrolment));
        if (S.SpiffeId is { } owner)
        {
            var detail = owner == enrolment.SpiffeId
                ? $"attestation key {key.Id} is already enrolled for {owner}"
                : $"attestation key {key.Id} is enrolled for another agent; remove that enrolment first";
            return new TpmKeyEnrolmentResult(null, detail, Conflict: true);
        }

        var id = SpiffeId.Parse(enrolment.SpiffeId);
        if (await GrainFactory.GetGrain<IAgentGrain>(GrainKeys.Agent(id)).GetAsync() is null)
            return new TpmKeyEnrolmentResult(null, $"agent {id} is not registered; register it first (POST /v1/agents)", Conflict: false);

        S.SpiffeId = enrolment.SpiffeId;
        S.SubjectPublicKeyInfo = key.SubjectPublicKeyInfo;
        S.AllowedPcrs = key.AllowedPcrs.ToDictionary();
        S.EnrolledAt = time.GetUtcNow();
        S.EnrolledBy = enrolment.Actor;
        await state.WriteStateAsync();
        await AuditAsync(id, "tpm-key.enrol", enrolment.Actor, enrolment.CorrelationId,
            S.AllowedPcrs.Count == 0 ? "no PCR values pinned" : $"pinned PCRs {string.Join(',', S.AllowedPcrs.Keys.Order())}");
        return new TpmKeyEnrolmentResult(View(), null, Conflict: false);
    }

    public Task<TpmKeyView?> GetAsync() => Task.FromResult(S.SpiffeId is null ? null : View());

    public async Task<bool> RemoveAsync(string spiffeId, string actor, string correlationId)
    {
        if (S.SpiffeId != spiffeId)
            return false;

        await state.ClearStateAsync();
        await AuditAsync(SpiffeId.Parse(spiffeId), "tpm-key.remove", actor, correlationId, "enrolment withdrawn");
        return true;
    }

    private TpmKeyView View() => new(this.GetPrimaryKeyString(), S.SpiffeId!, S.SubjectPublicKeyInfo, S.AllowedPcrs, S.EnrolledAt);

    private Task<AuditRecordView> AuditAsync(SpiffeId agent, string action, string actor, string correlationId, string detail) =>
        GrainFactory.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(agent.TrustDomain)).AppendAsync(new AuditEntryMessage(
            action, "Allowed", AgentId: agent.ToString(), Resource: $"tpm-ak:{this.GetPrimaryKeyString()}",
            CorrelationId: correlationId, Actor: actor, Detail: detail));
}
