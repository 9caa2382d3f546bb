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
    private readonly Dictionary<(GrainId Log, string CorrelationId), TaskCompletionSource> _arrivals = [];

    /// <summary>Completes once <paramref name="log"/> has queued the append with <paramref name="correlationId"/>.</summary>
    public Task ArrivedAsync(IAuditLogGrain log, string correlationId) => Arrival(log.GetGrainId(), correlationId).Task.WaitAsync(ExpectedWithin);

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var invoked = context.Invoke();
        if (context.Grain is IAuditLogGrain && context.Request.GetArgumentCount() == 1 && context.Request.GetArgument(0) is AuditEntryMessage { CorrelationId: { } id })
            Arrival(context.TargetId, id).TrySetResult();
        await invoked;
    }

    private TaskCompletionSource Arrival(GrainId log, string correlationId)
    {
        lock (_lock)
        {
            if (!_arrivals.TryGetValue((log, correlationId), out var arrival))
                _arrivals[(log, correlationId)] = arrival = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return arrival;
        }
    }
}
