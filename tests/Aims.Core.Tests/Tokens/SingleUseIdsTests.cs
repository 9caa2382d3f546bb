using Aims.Core.Tokens;

namespace Aims.Core.Tests.Tokens;

public sealed class SingleUseIdsTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TryUse_SameIdBeforeItExpires_FirstTrueThenFalse()
    {
        var ids = new SingleUseIds();

        Assert.True(ids.TryUse("a", Now.AddMinutes(5), Now));
        Assert.False(ids.TryUse("a", Now.AddMinutes(5), Now.AddMinutes(4)));
        Assert.True(ids.TryUse("b", Now.AddMinutes(5), Now));
    }

    [Fact]
    public void TryUse_AfterTheIdExpired_IsFreshAgain()
    {
        // The validator refuses an expired assertion before this is asked; forgetting it then keeps the set bounded.
        var ids = new SingleUseIds();
        ids.TryUse("a", Now.AddMinutes(5), Now);

        Assert.True(ids.TryUse("a", Now.AddMinutes(15), Now.AddMinutes(5)));
    }

    [Fact]
    public void TryUse_ExpiredIds_SweptAtMostEverySweepInterval()
    {
        var ids = new SingleUseIds();
        for (var i = 0; i < 10; i++)
            ids.TryUse($"short-{i}", Now.AddSeconds(10), Now);
        ids.TryUse("long", Now.AddHours(1), Now);

        ids.TryUse("probe-1", Now.AddHours(1), Now.AddSeconds(11));
        Assert.Equal(12, ids.Count);

        ids.TryUse("probe-2", Now.AddHours(1), Now + SingleUseIds.SweepEvery);
        Assert.Equal(3, ids.Count);
    }
}
