using Microsoft.Extensions.Hosting;

namespace Aims.Agent.Hosting;

/// <summary>
/// Opens the socket to local processes as soon as Kestrel has created it, whether or not the cluster client has
/// connected yet (hosted services start concurrently), and removes it on shutdown.
/// </summary>
internal sealed class SocketPermissions(NodeAgentOptions options, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var deadline = time.GetUtcNow() + GiveUpAfter;
        while (!File.Exists(options.Endpoint.SocketPath))
        {
            if (time.GetUtcNow() > deadline)
                throw new InvalidOperationException($"Kestrel did not create {options.Endpoint.SocketPath} within {GiveUpAfter.TotalSeconds:0} s");
            await Task.Delay(Poll, time, stoppingToken);
        }

        WorkloadSocket.OpenToLocalProcesses(options.Endpoint);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        WorkloadSocket.Remove(options.Endpoint);
    }
}
