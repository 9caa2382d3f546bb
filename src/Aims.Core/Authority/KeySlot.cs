using Aims.Core.StateMachines;

namespace Aims.Core.Authority;

/// <summary>
/// One signing key of the authority and where it stands in its lifecycle. The key is published in the trust
/// bundle from the moment it is prepared, so relying parties learn it before anything it signs reaches them
/// (SPIFFE Trust Domain and Bundle §4: new keys must be published before use).
/// </summary>
public sealed record KeySlot(string Kid, KeyKind Kind, KeySlotState State, DateTimeOffset NotBefore, DateTimeOffset NotAfter)
{
    public KeySlot Activate() => State == KeySlotState.Prepared
        ? this with { State = KeySlotState.Active }
        : throw new InvalidTransitionException(nameof(KeySlot), State.ToString(), "activate");

    public KeySlot Retire() => State == KeySlotState.Active
        ? this with { State = KeySlotState.Retired }
        : throw new InvalidTransitionException(nameof(KeySlot), State.ToString(), "retire");

    public bool IsExpired(DateTimeOffset now) => now >= NotAfter;
}
