using Aims.Core.Authority;

namespace Aims.Core.Tests.Authority;

/// <summary>
/// The one timing rule for every key kind, as a table. A six-day lifetime makes the thresholds whole days:
/// prepare a successor at day 3 (1/2), activate it at day 5 (5/6), drop a key at day 6 (its NotAfter).
/// </summary>
public sealed class KeyRotationScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly KeyLifetime Lifetime = new(TimeSpan.FromDays(6));

    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    public static TheoryData<string, KeySlot[], DateTimeOffset, RotationStep> Table => new()
    {
        { "no slots", [], T0, new RotationStep.Prepare() },
        { "prepared only", [Slot("p", KeySlotState.Prepared, 0)], T0, new RotationStep.Activate("p", null) },
        { "two prepared: the newer is activated", [Slot("p1", KeySlotState.Prepared, 0), Slot("p2", KeySlotState.Prepared, 1)], Day(1), new RotationStep.Activate("p2", null) },
        { "active, young", [Slot("a", KeySlotState.Active, 0)], Day(1), RotationStep.Nothing },
        { "active, just before 1/2", [Slot("a", KeySlotState.Active, 0)], Day(3) - Tick, RotationStep.Nothing },
        { "active at 1/2", [Slot("a", KeySlotState.Active, 0)], Day(3), new RotationStep.Prepare() },
        { "active past 5/6 with no successor yet", [Slot("a", KeySlotState.Active, 0)], Day(5) + Tick, new RotationStep.Prepare() },
        { "active expired with no successor", [Slot("a", KeySlotState.Active, 0)], Day(7), new RotationStep.Prepare() },
        { "active and prepared, before 5/6", [Slot("a", KeySlotState.Active, 0), Slot("b", KeySlotState.Prepared, 3)], Day(5) - Tick, RotationStep.Nothing },
        { "active and prepared at 5/6", [Slot("a", KeySlotState.Active, 0), Slot("b", KeySlotState.Prepared, 3)], Day(5), new RotationStep.Activate("b", "a") },
        { "active expired and prepared", [Slot("a", KeySlotState.Active, 0), Slot("b", KeySlotState.Prepared, 3)], Day(6), new RotationStep.Activate("b", "a") },
        { "retired not yet expired", [Slot("a", KeySlotState.Retired, 0), Slot("b", KeySlotState.Active, 3)], Day(6) - Tick, RotationStep.Nothing },
        { "retired expired", [Slot("a", KeySlotState.Retired, 0), Slot("b", KeySlotState.Active, 3)], Day(6), new RotationStep.Drop("a") },
        { "expired prepared key", [Slot("b", KeySlotState.Active, 3), Slot("p", KeySlotState.Prepared, 0)], Day(6), new RotationStep.Drop("p") },
        { "drop comes before activation", [Slot("b", KeySlotState.Active, 3), Slot("c", KeySlotState.Prepared, 6), Slot("a", KeySlotState.Retired, 0)], Day(8), new RotationStep.Drop("a") },
        { "retired expired, nothing active", [Slot("a", KeySlotState.Retired, 0)], Day(6), new RotationStep.Drop("a") },
        { "retired only, not expired: a new key is needed", [Slot("a", KeySlotState.Retired, 0)], Day(1), new RotationStep.Prepare() },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void NextStep_Table_ReturnsTheDueStep(string scenario, KeySlot[] slots, DateTimeOffset now, RotationStep expected)
    {
        var step = KeyRotationSchedule.NextStep(slots, Lifetime, now);

        Assert.True(expected == step, $"{scenario}: expected {expected}, got {step}");
    }

    [Fact]
    public void NextStep_AppliedUntilNothingIsDue_WalksKeysThroughTheirWholeLife()
    {
        var slots = new List<KeySlot>();
        var log = new List<string>();
        var generated = 0;

        foreach (var day in new[] { 0, 3, 5, 6, 8 })
        {
            var now = Day(day);
            for (var step = KeyRotationSchedule.NextStep(slots, Lifetime, now); step is not RotationStep.None; step = KeyRotationSchedule.NextStep(slots, Lifetime, now))
            {
                switch (step)
                {
                    case RotationStep.Prepare:
                        var kid = $"k{++generated}";
                        slots.Add(new KeySlot(kid, KeyKind.JwtSvid, KeySlotState.Prepared, now, now + Lifetime.Lifetime));
                        log.Add($"day {day}: prepare {kid}");
                        break;
                    case RotationStep.Activate activate:
                        if (activate.RetiringKid is not null)
                            Replace(slots, activate.RetiringKid, s => s.Retire());
                        Replace(slots, activate.Kid, s => s.Activate());
                        log.Add($"day {day}: activate {activate.Kid}, retire {activate.RetiringKid ?? "none"}");
                        break;
                    case RotationStep.Drop drop:
                        slots.RemoveAll(s => s.Kid == drop.Kid);
                        log.Add($"day {day}: drop {drop.Kid}");
                        break;
                }
            }
        }

        Assert.Equal(
            [
                "day 0: prepare k1",
                "day 0: activate k1, retire none",
                "day 3: prepare k2",
                "day 5: activate k2, retire k1",
                "day 6: drop k1",
                "day 6: prepare k3",
                "day 8: activate k3, retire k2",
            ],
            log);
        Assert.Equal([("k2", KeySlotState.Retired), ("k3", KeySlotState.Active)], slots.Select(s => (s.Kid, s.State)));
    }

    [Fact]
    public void KeyLifetime_Thresholds_AreHalfAndFiveSixthsOfTheLifetime()
    {
        var active = Slot("a", KeySlotState.Active, 0);

        Assert.Equal(Day(3), Lifetime.PrepareSuccessorAt(active));
        Assert.Equal(Day(5), Lifetime.ActivateSuccessorAt(active));
        Assert.Equal(TimeSpan.FromDays(7), KeyLifetime.Default.Lifetime);
    }

    private static DateTimeOffset Day(double days) => T0 + TimeSpan.FromDays(days);

    private static KeySlot Slot(string kid, KeySlotState state, double notBeforeDay) =>
        new(kid, KeyKind.JwtSvid, state, Day(notBeforeDay), Day(notBeforeDay) + Lifetime.Lifetime);

    private static void Replace(List<KeySlot> slots, string kid, Func<KeySlot, KeySlot> transition)
    {
        var index = slots.FindIndex(s => s.Kid == kid);
        slots[index] = transition(slots[index]);
    }
}
