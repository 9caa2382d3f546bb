using Aims.Core.Authority;
using Aims.Core.StateMachines;

namespace Aims.Core.Tests.Authority;

/// <summary>Prepared → Active → Retired, and nothing else.</summary>
public sealed class KeySlotTests
{
    private static readonly DateTimeOffset NotBefore = new(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Activate_Prepared_IsActiveWithEverythingElseKept()
    {
        var slot = Slot(KeySlotState.Prepared);

        var active = slot.Activate();

        Assert.Equal(slot with { State = KeySlotState.Active }, active);
    }

    [Fact]
    public void Retire_Active_IsRetired()
    {
        Assert.Equal(KeySlotState.Retired, Slot(KeySlotState.Active).Retire().State);
    }

    [Theory]
    [InlineData(KeySlotState.Active)]
    [InlineData(KeySlotState.Retired)]
    public void Activate_NotPrepared_ThrowsInvalidTransition(KeySlotState state)
    {
        var e = Assert.Throws<InvalidTransitionException>(() => Slot(state).Activate());

        Assert.Equal((nameof(KeySlot), state.ToString(), "activate"), (e.Machine, e.From, e.Action));
    }

    [Theory]
    [InlineData(KeySlotState.Prepared)]
    [InlineData(KeySlotState.Retired)]
    public void Retire_NotActive_ThrowsInvalidTransition(KeySlotState state)
    {
        var e = Assert.Throws<InvalidTransitionException>(() => Slot(state).Retire());

        Assert.Equal((nameof(KeySlot), state.ToString(), "retire"), (e.Machine, e.From, e.Action));
    }

    [Fact]
    public void IsExpired_AtAndAfterNotAfter_TrueBeforeFalse()
    {
        var slot = Slot(KeySlotState.Active);

        Assert.False(slot.IsExpired(slot.NotAfter.AddTicks(-1)));
        Assert.True(slot.IsExpired(slot.NotAfter));
        Assert.True(slot.IsExpired(slot.NotAfter.AddDays(1)));
    }

    private static KeySlot Slot(KeySlotState state) =>
        new("kid-1", KeyKind.JwtSvid, state, NotBefore, NotBefore.AddDays(7));
}
