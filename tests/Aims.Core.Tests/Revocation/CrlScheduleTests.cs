using Aims.Core.Revocation;

namespace Aims.Core.Tests.Revocation;

public sealed class CrlScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, false)]
    [InlineData(29, false)]
    [InlineData(30, true)]
    [InlineData(90, true)]
    public void IsReissueDue_MinutesIntoAnHourLongCrl_DueFromHalfway(int minutes, bool due) =>
        Assert.Equal(due, CrlSchedule.IsReissueDue(T0, T0.AddHours(1), T0.AddMinutes(minutes)));

    [Fact]
    public void MayDrop_NoCrlIssuedYet_KeepsTheEntry() =>
        Assert.False(CrlSchedule.MayDrop(Entry(notAfter: T0), lastIssuedAt: null));

    [Fact]
    public void MayDrop_LastCrlIssuedBeforeExpiry_KeepsTheEntry() =>
        Assert.False(CrlSchedule.MayDrop(Entry(notAfter: T0), lastIssuedAt: T0));

    [Fact]
    public void MayDrop_LastCrlIssuedAfterExpiry_DropsTheEntry() =>
        Assert.True(CrlSchedule.MayDrop(Entry(notAfter: T0), lastIssuedAt: T0.AddSeconds(1)));

    [Fact]
    public void WholeSeconds_FractionalTime_TruncatesToTheSecond() =>
        Assert.Equal(T0, CrlSchedule.WholeSeconds(T0.AddMilliseconds(999)));

    private static RevokedCertificate Entry(DateTimeOffset notAfter) => new("01", T0.AddHours(-1), RevocationReason.KeyCompromise, notAfter);
}
