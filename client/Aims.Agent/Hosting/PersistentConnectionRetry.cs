using Microsoft.Extensions.Logging;

namespace Aims.Agent.Hosting;

/// <summary>
/// The node agent starts and keeps running whether or not a silo is up: connecting is retried every few seconds,
/// and workloads are served from cache meanwhile.
/// </summary>
internal sealed class PersistentConnectionRetry(ILogger<PersistentConnectionRetry> log) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(2);

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        AgentLog.ClusterUnreachable(log, "connect", exception.Message);
        try
        {
            await Task.Delay(Delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return !cancellationToken.IsCancellationRequested;
    }
}
