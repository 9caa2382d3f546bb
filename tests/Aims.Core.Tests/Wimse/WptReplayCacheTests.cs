using Aims.Core.Wimse;

namespace Aims.Core.Tests.Wimse;

public sealed class WptReplayCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TryUse_SameSenderAndJtiTwice_SecondIsReplayed()
    {
        var cache = new WptReplayCache();

        Assert.Equal(ReplayCheck.FirstUse, cache.TryUse("spiffe://a/x", "j1", Now.AddMinutes(1), Now));
        Assert.Equal(ReplayCheck.Replayed, cache.TryUse("spiffe://a/x", "j1", Now.AddMinutes(1), Now.AddSeconds(30)));
    }

    [Fact]
    public void TryUse_SameJtiFromAnotherSender_IsAFirstUse()
    {
        var cache = new WptReplayCache();
        cache.TryUse("spiffe://a/x", "j1", Now.AddMinutes(1), Now);

        Assert.Equal(ReplayCheck.FirstUse, cache.TryUse("spiffe://a/y", "j1", Now.AddMinutes(1), Now));
    }

    [Fact]
    public void TryUse_FullOfLiveEntries_FailsClosed()
    {
        var cache = new WptReplayCache(capacity: 2);
        cache.TryUse("s", "j1", Now.AddMinutes(1), Now);
        cache.TryUse("s", "j2", Now.AddMinutes(1), Now);

        Assert.Equal(ReplayCheck.Full, cache.TryUse("s", "j3", Now.AddMinutes(1), Now));
        Assert.Equal(ReplayCheck.Replayed, cache.TryUse("s", "j1", Now.AddMinutes(1), Now));
    }

    [Fact]
    public void TryUse_FullButEntriesExpired_SweepsAndRecords()
    {
        var cache = new WptReplayCache(capacity: 2);
        cache.TryUse("s", "j1", Now.AddSeconds(10), Now);
        cache.TryUse("s", "j2", Now.AddSeconds(10), Now);

        Assert.Equal(ReplayCheck.FirstUse, cache.TryUse("s", "j3", Now.AddMinutes(2), Now.AddMinutes(1)));
        Assert.Equal(1, cache.Count);
    }
}
