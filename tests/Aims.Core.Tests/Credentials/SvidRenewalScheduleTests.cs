using Aims.Core.Credentials;

namespace Aims.Core.Tests.Credentials;

public sealed class SvidRenewalScheduleTests
{
    private static readonly DateTimeOffset NotBefore = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NotAfter = NotBefore.AddHours(1);

    [Fact]
    public void RenewAt_AnyKey_BetweenFortyAndSixtyPercentOfTheLifetime()
    {
        for (var i = 0; i < 1000; i++)
        {
            var at = SvidRenewalSchedule.RenewAt(NotBefore, NotAfter, $"entry-{i}");

            Assert.InRange(at, NotBefore.AddMinutes(24), NotBefore.AddMinutes(36));
        }
    }

    [Fact]
    public void RenewAt_SameKey_SamePointEveryTime() =>
        Assert.Equal(SvidRenewalSchedule.RenewAt(NotBefore, NotAfter, "entry-a"), SvidRenewalSchedule.RenewAt(NotBefore, NotAfter, "entry-a"));

    [Fact]
    public void Fraction_ManyKeys_SpreadOverTheWholeWindow()
    {
        // 10,000 identities issued at once: every tenth of the 40–60 % window gets a share, none gets most.
        var buckets = new int[10];
        for (var i = 0; i < 10_000; i++)
        {
            var fraction = SvidRenewalSchedule.Fraction($"spiffe://aims.local/workloads/w{i}");
            buckets[(int)((fraction - SvidRenewalSchedule.EarliestFraction) / 0.02)]++;
        }

        Assert.All(buckets, count => Assert.InRange(count, 800, 1200));
    }

    [Fact]
    public void IsDue_BeforeAndAfterThePoint()
    {
        var at = SvidRenewalSchedule.RenewAt(NotBefore, NotAfter, "entry-a");

        Assert.False(SvidRenewalSchedule.IsDue(NotBefore, NotAfter, "entry-a", at.AddTicks(-1)));
        Assert.True(SvidRenewalSchedule.IsDue(NotBefore, NotAfter, "entry-a", at));
    }

    [Fact]
    public void RenewAt_EmptyLifetime_RenewsAtOnce() =>
        Assert.Equal(NotBefore, SvidRenewalSchedule.RenewAt(NotBefore, NotBefore, "entry-a"));
}
