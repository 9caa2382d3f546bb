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
/// answers as fast as before. Work that may lag the writes (the audit log's head checkpoint) goes in
/// <c>afterWriteAsync</c>: it runs after a write's callers are answered and before the next write starts, so it never
/// runs concurrently with a write or with itself, and it is told whether items are waiting (load) or not (idle).
/// </remarks>
internal sealed class GroupCommit<TItem, TResult>
{
    private readonly Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> _writeAsync;
    private readonly int _maxBatch;
    private readonly Func<bool, Task>? _afterWriteAsync;
    private readonly List<Waiter> _queue = [];
    private bool _writing;

    /// <param name="writeAsync">Writes one batch durably and returns one result per item, in the same order.</param>
    /// <param name="maxBatch">The most items one write takes; the rest wait for the next.</param>
    /// <param name="afterWriteAsync">
    /// Runs after every write (failed or not) once its callers are answered, before the next write starts; its argument
    /// is true when no item is queued (the queue is idle). It must handle its own failures: an exception it throws is
    /// dropped, since its callers are already answered and the queue must go on draining.
    /// </param>
    public GroupCommit(Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> writeAsync, int maxBatch, Func<bool, Task>? afterWriteAsync = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _writeAsync = writeAsync;
        _maxBatch = maxBatch;
        _afterWriteAsync = afterWriteAsync;
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
                await AfterWriteAsync();
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

    private async Task AfterWriteAsync()
    {
        if (_afterWriteAsync is null)
            return;

        try
        {
            await _afterWriteAsync(_queue.Count == 0);
        }
        catch (Exception)
        {
            // The hook handles its own failures (see the constructor); one that escapes must not stop the queue.
        }
    }

    private sealed class Waiter(TItem item)
    {
        public TItem Item { get; } = item;

        // Asynchronous continuations: a caller resumes in its own turn, never inside the write loop.
        public TaskCompletionSource<TResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
