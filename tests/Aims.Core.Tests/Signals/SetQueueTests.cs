using Aims.Core.Signals;
using Aims.Core.Signals.Streams;

namespace Aims.Core.Tests.Signals;

public sealed class SetQueueTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Polls_return_unacknowledged_sets_oldest_first_until_acknowledged()
    {
        var queue = new SetQueue([], SetQueue.DefaultCapacity);
        queue.Enqueue("a", "set-a", Now);
        queue.Enqueue("b", "set-b", Now);
        queue.Enqueue("c", "set-c", Now);

        var (first, more) = queue.ForPoll(2);
        Assert.Equal(["a", "b"], first.Select(s => s.Jti));
        Assert.True(more);

        var (again, _) = queue.ForPoll(2);
        Assert.Equal(["a", "b"], again.Select(s => s.Jti));

        Assert.Equal(2, queue.Remove(["a", "b", "unknown"]));
        var (rest, noMore) = queue.ForPoll(10);
        Assert.Equal(["c"], rest.Select(s => s.Jti));
        Assert.False(noMore);
    }

    [Fact]
    public void A_full_queue_drops_the_oldest_and_counts_it()
    {
        var queue = new SetQueue([], capacity: 2);
        queue.Enqueue("a", "1", Now);
        queue.Enqueue("b", "2", Now);
        queue.Enqueue("c", "3", Now);

        Assert.Equal(["b", "c"], queue.Items.Select(s => s.Jti));
        Assert.Equal(1, queue.Dropped);
    }

    [Fact]
    public void Failed_pushes_back_off_exponentially_up_to_the_cap()
    {
        var queue = new SetQueue([], SetQueue.DefaultCapacity);
        queue.Enqueue("a", "1", Now);
        Assert.Equal("a", queue.DueForPush(Now)?.Jti);

        queue.Failed("a", Now);
        Assert.Null(queue.DueForPush(Now));
        Assert.Equal(Now + TimeSpan.FromSeconds(1), queue.NextAttemptAt());

        queue.Failed("a", Now);
        Assert.Equal(Now + TimeSpan.FromSeconds(2), queue.NextAttemptAt());
        Assert.Equal(SetQueue.MaxBackoff, SetQueue.Backoff(30));
        Assert.Equal("a", queue.DueForPush(Now + TimeSpan.FromSeconds(2))?.Jti);
    }

    [Fact]
    public void Removed_subjects_and_their_complex_forms_are_excluded()
    {
        var agent = SubjectIdentifier.ForUri("spiffe://example.org/a");
        var session = SubjectIdentifier.Complex(user: agent, session: SubjectIdentifier.ForOpaque("s"));

        Assert.True(StreamSubjects.Includes([], agent));
        Assert.False(StreamSubjects.Includes([agent], agent));
        Assert.False(StreamSubjects.Includes([agent], session));
        Assert.True(StreamSubjects.Includes([SubjectIdentifier.ForUri("spiffe://example.org/b")], session));
    }

    [Theory]
    [InlineData("enabled", StreamStatus.Enabled, true, true)]
    [InlineData("paused", StreamStatus.Paused, true, false)]
    [InlineData("disabled", StreamStatus.Disabled, false, false)]
    public void Status_decides_whether_events_are_queued_and_delivered(string wire, StreamStatus status, bool queues, bool delivers)
    {
        Assert.True(StatusChange.TryParse(wire, out var parsed));
        Assert.Equal(status, parsed);
        Assert.Equal(wire, StatusChange.WireName(status));
        Assert.Equal(queues, StatusChange.Queues(status));
        Assert.Equal(delivers, StatusChange.Delivers(status));
    }

    [Theory]
    [InlineData("Enabled")]
    [InlineData("on")]
    [InlineData(null)]
    public void Unknown_status_names_are_refused(string? wire)
    {
        Assert.False(StatusChange.TryParse(wire, out _));
    }
}
