namespace Aims.Grains.Audit;

/// <summary>
/// Group commit: items that arrive while a write is in flight queue up and are written together by the next write,
/// so many concurrent callers share one durable write instead of queueing for one write each. A caller's task
/// completes only once the write that holds its item has completed, and fails with that write's exception, and only
/// that write's, if it failed. Items are written in arrival order, at most <c>maxBatch</c> per write.
/// </summary>
/// <remarks>
/// Made for a reentrant grain: every call runs on the activation's single-threaded scheduler, so there are no locks.
/// The first item after an idle period is written at once, alone; batches form only under load, so an idle log
/// answers as fast as before.
/// </remarks>
internal sealed class GroupCommit<TItem, TResult>
{
    private readonly Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> _writeAsync;
    private readonly int _maxBatch;
    private readonly List<Waiter> _queue = [];
    private bool _writing;

    /// <param name="writeAsync">Writes one batch durably and returns one result per item, in the same order.</param>
    /// <param name="maxBatch">The most items one write takes; the rest wait for the next.</param>
    public GroupCommit(Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> writeAsync, int maxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _writeAsync = writeAsync;
        _maxBatch = maxBatch;
    }

    /// <summary>Items waiting for a write that has not started yet.</summary>
    public int Queued => _queue.Count;

    /// <summary>Queues <paramref name="item"/>; the task completes when the write that holds it has.</summary>
    public Task<TResult> AddAsync(TItem item)
    {
        var waiter = new Waiter(item);
        _queue.Add(waiter);
        if (!_writing)
            _ = DrainAsync();
        return waiter.Completion.Task;
    }

    /// <summary>Writes batches until the queue is empty. Never throws: each failure goes to the callers of its batch.</summary>
    private async Task DrainAsync()
    {
        _writing = true;
        try
        {
            while (_queue.Count > 0)
            {
                var count = Math.Min(_queue.Count, _maxBatch);
                var batch = _queue.GetRange(0, count);
                _queue.RemoveRange(0, count);
                await WriteAsync(batch);
            }
        }
        finally
        {
            _writing = false;
        }
    }

    private async Task WriteAsync(List<Waiter> batch)
    {
        IReadOnlyList<TResult> results;
        try
        {
            results = await _writeAsync([.. batch.Select(w => w.Item)]);
            if (results.Count != batch.Count)
                throw new InvalidOperationException($"A group commit write returned {results.Count} results for {batch.Count} items.");
        }
        catch (Exception e)
        {
            foreach (var waiter in batch)
                waiter.Completion.TrySetException(e);
            return;
        }

        for (var i = 0; i < batch.Count; i++)
            batch[i].Completion.TrySetResult(results[i]);
    }

    private sealed class Waiter(TItem item)
    {
        public TItem Item { get; } = item;

        // Asynchronous continuations: a caller resumes in its own turn, never inside the write loop.
        public TaskCompletionSource<TResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
