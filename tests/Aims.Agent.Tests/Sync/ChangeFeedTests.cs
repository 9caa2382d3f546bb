using Aims.Agent.Sync;

namespace Aims.Agent.Tests.Sync;

public sealed class ChangeFeedTests
{
    [Fact]
    public async Task WaitAsync_ChangeAfterTheVersionSeen_Completes()
    {
        var feed = new ChangeFeed();
        var seen = feed.Version;
        var waiting = feed.WaitAsync(seen, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        feed.Notify();

        await waiting;
        Assert.Equal(seen + 1, feed.Version);
    }

    [Fact]
    public async Task WaitAsync_ChangeHappenedBeforeTheWait_CompletesAtOnce()
    {
        var feed = new ChangeFeed();
        var seen = feed.Version;
        feed.Notify();

        await feed.WaitAsync(seen, CancellationToken.None);
    }

    [Fact]
    public async Task WaitAsync_Cancelled_Throws()
    {
        var feed = new ChangeFeed();
        using var cancel = new CancellationTokenSource();
        var waiting = feed.WaitAsync(feed.Version, cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
