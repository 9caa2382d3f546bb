using Aims.Grains.Audit;

namespace Aims.Grains.Tests.Audit;

/// <summary>
/// The batching under the audit log, driven write by write: each write is a task the test completes or fails, and
/// its continuation runs inline, so every step is deterministic.
/// </summary>
public sealed class GroupCommitTests
{
    [Fact]
    public void AddAsync_WhenIdle_WritesTheItemAtOnceAlone()
    {
        var writes = new ControlledWrites();
        var commits = new GroupCommit<int, string>(writes.WriteAsync, maxBatch: 10);

        var first = commits.AddAsync(1);

        Assert.Equal([[1]], writes.Batches);
        Assert.False(first.IsCompleted);
    }

    [Fact]
    public async Task AddAsync_WhileAWriteIsInFlight_QueuedItemsAreWrittenTogetherInArrivalOrder()
    {
        var writes = new ControlledWrites();
        var commits = new GroupCommit<int, string>(writes.WriteAsync, maxBatch: 10);
        var first = commits.AddAsync(1);
        var queued = new[] { commits.AddAsync(2), commits.AddAsync(3), commits.AddAsync(4) };
        Assert.Equal(3, commits.Queued);

        writes.Complete(0);

        Assert.Equal("written 1", await first);
        Assert.Equal([[1], [2, 3, 4]], writes.Batches);
        Assert.All(queued, t => Assert.False(t.IsCompleted));
        writes.Complete(1);
        Assert.Equal(["written 2", "written 3", "written 4"], await Task.WhenAll(queued));
    }

    [Fact]
    public async Task AddAsync_WriteFails_FailsExactlyTheCallersOfThatBatch()
    {
        var writes = new ControlledWrites();
        var commits = new GroupCommit<int, string>(writes.WriteAsync, maxBatch: 10);
        var before = commits.AddAsync(1);
        var failing = new[] { commits.AddAsync(2), commits.AddAsync(3) };
        writes.Complete(0);
        var after = commits.AddAsync(4);

        writes.Fail(1, new IOException("disk full"));

        Assert.Equal("written 1", await before);
        foreach (var task in failing)
            Assert.Equal("disk full", (await Assert.ThrowsAsync<IOException>(() => task)).Message);
        Assert.Equal([[1], [2, 3], [4]], writes.Batches);
        writes.Complete(2);
        Assert.Equal("written 4", await after);
    }

    [Fact]
    public async Task AddAsync_MoreQueuedThanOneWriteTakes_WrittenInBatchesOfAtMostMaxBatch()
    {
        var writes = new ControlledWrites();
        var commits = new GroupCommit<int, string>(writes.WriteAsync, maxBatch: 2);
        var all = Enumerable.Range(1, 6).Select(commits.AddAsync).ToList();

        for (var write = 0; write < 4; write++)
            writes.Complete(write);

        Assert.Equal([[1], [2, 3], [4, 5], [6]], writes.Batches);
        Assert.Equal(Enumerable.Range(1, 6).Select(i => $"written {i}"), await Task.WhenAll(all));
    }

    [Fact]
    public async Task AddAsync_WriteReturnsTooFewResults_FailsThatBatchAndTheNextWriteGoesOn()
    {
        var commits = new GroupCommit<int, string>(
            items => Task.FromResult<IReadOnlyList<string>>(items[0] == 1 ? [] : [.. items.Select(i => $"written {i}")]), maxBatch: 10);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => commits.AddAsync(1));

        Assert.Equal("A group commit write returned 0 results for 1 items.", e.Message);
        Assert.Equal("written 2", await commits.AddAsync(2));
    }

    [Fact]
    public async Task AfterWrite_RunsOnceTheCallersAreAnsweredAndIsToldWhetherItemsAreQueued()
    {
        var writes = new ControlledWrites();
        var hooks = new ControlledHooks();
        var commits = new GroupCommit<int, string>(writes.WriteAsync, maxBatch: 10, hooks.AfterWriteAsync);
        var first = commits.AddAsync(1);
        var second = commits.AddAsync(2);

        writes.Complete(0);

        Assert.Equal("written 1", await first);
        Assert.Equal([false], hooks.Calls);
        hooks.Complete(0);
        writes.Complete(1);
        Assert.Equal("written 2", await second);
        Assert.Equal([false, true], hooks.Calls);
    }

    [Fact]
    public async Task AfterWrite_WhileItRuns_TheNextWriteWaitsForIt()
    {
        var writes = new ControlledWrites();
        var hooks = new ControlledHooks();
        var commits = new GroupCommit<int, string>(writes.WriteAsync, maxBatch: 10, hooks.AfterWriteAsync);
        var first = commits.AddAsync(1);
        writes.Complete(0);
        Assert.Equal("written 1", await first);

        var second = commits.AddAsync(2);
        var third = commits.AddAsync(3);

        Assert.Equal([[1]], writes.Batches);
        Assert.Equal(2, commits.Queued);
        hooks.Complete(0);
        Assert.Equal([[1], [2, 3]], writes.Batches);
        writes.Complete(1);
        Assert.Equal(["written 2", "written 3"], await Task.WhenAll(second, third));
        Assert.Equal([true, true], hooks.Calls);
    }

    [Fact]
    public async Task AfterWrite_AfterAFailedWrite_StillRuns()
    {
        var writes = new ControlledWrites();
        var hooks = new ControlledHooks();
        var commits = new GroupCommit<int, string>(writes.WriteAsync, maxBatch: 10, hooks.AfterWriteAsync);
        var failing = commits.AddAsync(1);

        writes.Fail(0, new IOException("disk full"));

        await Assert.ThrowsAsync<IOException>(() => failing);
        Assert.Equal([true], hooks.Calls);
    }

    [Fact]
    public async Task AfterWrite_Throws_TheQueueGoesOnDraining()
    {
        var writes = new ControlledWrites();
        var hooks = new ControlledHooks();
        var commits = new GroupCommit<int, string>(writes.WriteAsync, maxBatch: 10, hooks.AfterWriteAsync);
        var first = commits.AddAsync(1);
        var second = commits.AddAsync(2);
        writes.Complete(0);

        hooks.Fail(0, new InvalidOperationException("checkpoint failed"));

        Assert.Equal("written 1", await first);
        Assert.Equal([[1], [2]], writes.Batches);
        writes.Complete(1);
        Assert.Equal("written 2", await second);
    }

    [Fact]
    public void Constructor_MaxBatchBelowOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new GroupCommit<int, string>(_ => Task.FromResult<IReadOnlyList<string>>([]), maxBatch: 0));

    /// <summary>Every write the helper starts, with the task the test completes; continuations run inline on the test's thread.</summary>
    private sealed class ControlledWrites
    {
        private readonly List<TaskCompletionSource<IReadOnlyList<string>>> _pending = [];

        public List<int[]> Batches { get; } = [];

        public Task<IReadOnlyList<string>> WriteAsync(IReadOnlyList<int> items)
        {
            Batches.Add([.. items]);
            var done = new TaskCompletionSource<IReadOnlyList<string>>();
            _pending.Add(done);
            return done.Task;
        }

        public void Complete(int write) => _pending[write].SetResult([.. Batches[write].Select(i => $"written {i}")]);

        public void Fail(int write, Exception error) => _pending[write].SetException(error);
    }

    /// <summary>Every after-write call, with whether the queue was idle, and the task the test completes.</summary>
    private sealed class ControlledHooks
    {
        private readonly List<TaskCompletionSource> _pending = [];

        public List<bool> Calls { get; } = [];

        public Task AfterWriteAsync(bool queueIdle)
        {
            Calls.Add(queueIdle);
            var done = new TaskCompletionSource();
            _pending.Add(done);
            return done.Task;
        }

        public void Complete(int call) => _pending[call].SetResult();

        public void Fail(int call, Exception error) => _pending[call].SetException(error);
    }
}
