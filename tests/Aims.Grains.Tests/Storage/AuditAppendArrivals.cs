using Aims.Grains.Audit;

namespace Aims.Grains.Tests.Storage;

/// <summary>
/// An incoming call filter that tells a test when an audit append has reached the log grain, by its correlation id.
/// The log queues an append as its call starts, so once the call has been invoked the append is queued. Orleans does
/// not deliver one client's calls in the order sent, so a test that needs an append queued waits for it here.
/// </summary>
public sealed class AuditAppendArrivals : IIncomingGrainCallFilter
{
    /// <summary>How long a test waits for an append it sent before it fails instead of hanging.</summary>
    private static readonly TimeSpan ExpectedWithin = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, TaskCompletionSource> _arrivals = [];

    /// <summary>Completes once the append with <paramref name="correlationId"/> has been queued by the log.</summary>
    public Task ArrivedAsync(string correlationId) => Arrival(correlationId).Task.WaitAsync(ExpectedWithin);

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var invoked = context.Invoke();
        if (context.Grain is IAuditLogGrain && context.Request.GetArgumentCount() == 1 && context.Request.GetArgument(0) is AuditEntryMessage { CorrelationId: { } id })
            Arrival(id).TrySetResult();
        await invoked;
    }

    private TaskCompletionSource Arrival(string correlationId)
    {
        lock (_lock)
        {
            if (!_arrivals.TryGetValue(correlationId, out var arrival))
                _arrivals[correlationId] = arrival = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return arrival;
        }
    }
}
