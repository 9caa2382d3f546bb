using Aims.Core.Authority;
using Aims.Core.Jose;
using Aims.Grains.Audit;
using Aims.Grains.Hosting;

namespace Aims.Grains.Authority;

/// <summary>
/// Holds the trust domain's keys in slots and rotates them on the shared schedule. Private keys are generated
/// here, encrypted at once, and only ever leave encrypted.
/// </summary>
public sealed class TrustDomainAuthorityGrain(
    [PersistentState("authority", StorageNames.Aims)] IPersistentState<TrustDomainAuthorityGrainState> state,
    AuthorityMaterial material,
    TimeProvider time) : Grain, ITrustDomainAuthorityGrain, IRemindable
{
    private const string RotationReminder = "authority-rotation";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await this.RegisterOrUpdateReminder(RotationReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), cancellationToken);
        await base.OnActivateAsync(cancellationToken);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status) => await RotateIfDueAsync();

    /// <summary>
    /// Rotates first if anything is due, so issuers never receive an expired key even if the reminder lagged
    /// (it writes only when something changed).
    /// </summary>
    public async Task<AuthoritySnapshot> GetSnapshotAsync()
    {
        await RotateIfDueAsync();
        return Snapshot();
    }

    public async Task<TrustBundleView> GetBundleAsync()
    {
        using var ring = material.Load(await GetSnapshotAsync());
        var bundle = ring.ToBundle(material.RefreshHint);
        return new TrustBundleView(
            material.TrustDomain.Name, bundle.Sequence, bundle.ToJson(), bundle.X509AuthoritiesPem(), JwkSet.ToJson(ring.OAuthJwks));
    }

    public async Task<RotationReport> RotateIfDueAsync()
    {
        var now = time.GetUtcNow();
        var changes = new List<string>();
        foreach (var kind in Enum.GetValues<KeyKind>())
        {
            for (var guard = 0; guard < 8; guard++)
            {
                var step = KeyRotationSchedule.NextStep(state.State.Keys.Where(k => k.Kind == kind).Select(k => k.ToSlot()), material.Lifetime, now);
                if (step is RotationStep.None)
                    break;
                changes.Add(Apply(kind, step, now));
            }
        }

        if (changes.Count > 0)
        {
            state.State.Sequence++;
            await state.WriteStateAsync();
            await GrainFactory.GetGrain<IAuditLogGrain>(GrainKeys.AuditLog(material.TrustDomain)).AppendAsync(new AuditEntryMessage(
                "authority.rotate", "Info", Resource: $"trust-domain:{material.TrustDomain}", Actor: "authority",
                Detail: $"sequence {state.State.Sequence}: {string.Join("; ", changes)}"));
        }

        return new RotationReport(state.State.Sequence, changes);
    }

    private string Apply(KeyKind kind, RotationStep step, DateTimeOffset now)
    {
        var keys = state.State.Keys;
        switch (step)
        {
            case RotationStep.Prepare:
                var generated = AuthorityKeyFactory.Generate(kind, material.TrustDomain, now, material.Lifetime, material.Upstream);
                var slot = generated.Slot;
                keys.Add(new AuthorityKey(
                    slot.Kid, kind, slot.State, slot.NotBefore, slot.NotAfter,
                    material.CreateProtector().Protect(generated.Pkcs8PrivateKey, slot.Kid), generated.CertificateDer));
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(generated.Pkcs8PrivateKey);
                return $"prepared {kind} {slot.Kid}";
            case RotationStep.Activate activate:
                if (activate.RetiringKid is not null)
                    Replace(activate.RetiringKid, s => s.Retire());
                Replace(activate.Kid, s => s.Activate());
                return $"activated {kind} {activate.Kid}" + (activate.RetiringKid is null ? string.Empty : $", retired {activate.RetiringKid}");
            case RotationStep.Drop drop:
                keys.RemoveAll(k => k.Kid == drop.Kid);
                return $"dropped expired {kind} {drop.Kid}";
            default:
                throw new InvalidOperationException($"Unknown rotation step {step}.");
        }
    }

    private void Replace(string kid, Func<KeySlot, KeySlot> transition)
    {
        var index = state.State.Keys.FindIndex(k => k.Kid == kid);
        var key = state.State.Keys[index];
        var moved = transition(key.ToSlot());
        state.State.Keys[index] = key with { State = moved.State };
    }

    private AuthoritySnapshot Snapshot() => new(
        material.TrustDomain.Name,
        state.State.Sequence,
        [.. state.State.Keys],
        [.. material.UpstreamChain.Select(c => c.RawData)],
        [.. material.UpstreamRoots.Select(c => c.RawData)],
        time.GetUtcNow());
}
