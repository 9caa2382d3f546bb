namespace Aims.Core.Authority;

/// <summary>
/// The one timing rule for every kind of authority key (X.509 CA, JWT-SVID, WIT): pure predicates of the
/// current time over the slots of a kind. Callers apply the returned step and ask again until <see cref="RotationStep.None"/>.
/// </summary>
public static class KeyRotationSchedule
{
    public static RotationStep NextStep(IEnumerable<KeySlot> slots, KeyLifetime lifetime, DateTimeOffset now)
    {
        KeySlot? active = null;
        KeySlot? prepared = null;
        foreach (var slot in slots)
        {
            if (slot.State != KeySlotState.Active && slot.IsExpired(now))
                return new RotationStep.Drop(slot.Kid);
            if (slot.State == KeySlotState.Active)
                active = slot;
            else if (slot.State == KeySlotState.Prepared && (prepared is null || slot.NotBefore > prepared.NotBefore))
                prepared = slot;
        }

        if (active is null)
            return prepared is null ? new RotationStep.Prepare() : new RotationStep.Activate(prepared.Kid, null);

        var successorDue = now >= lifetime.ActivateSuccessorAt(active) || active.IsExpired(now);
        if (prepared is null)
            return now >= lifetime.PrepareSuccessorAt(active) || successorDue ? new RotationStep.Prepare() : RotationStep.Nothing;

        return successorDue ? new RotationStep.Activate(prepared.Kid, active.Kid) : RotationStep.Nothing;
    }
}
