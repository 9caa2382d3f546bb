namespace Aims.Agent.Sync;

/// <summary>
/// A version number that goes up whenever something a workload stream shows may have changed (an SVID rotated,
/// the bundle moved, an entry appeared or went). Streams wait for it to pass the version they last answered at,
/// then rebuild their snapshot; a change that happens while they rebuild is not missed.
/// </summary>
internal sealed class ChangeFeed
{
    private readonly Lock _gate = new();
    private long _version;
    private TaskCompletionSource _next = NewSignal();

    public long Version
    {
        get
        {
            lock (_gate)
                return _version;
        }
    }

    public void Notify()
    {
        TaskCompletionSource fired;
        lock (_gate)
        {
            _version++;
            fired = _next;
            _next = NewSignal();
        }

        fired.TrySetResult();
    }

    /// <summary>Completes once <see cref="Version"/> is greater than <paramref name="seen"/>.</summary>
    public async Task WaitAsync(long seen, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            lock (_gate)
            {
                if (_version > seen)
                    return;
                next = _next.Task;
            }

            await next.WaitAsync(cancellationToken);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
