using Microsoft.Extensions.Hosting;

namespace Aims.Agent.Hosting;

/// <summary>
/// Opens the socket to local processes as soon as Kestrel has bound it (this service starts right after the web
/// server and before the cluster client, which may wait for a silo), and removes it on shutdown.
/// </summary>
internal sealed class SocketPermissions(NodeAgentOptions options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        WorkloadSocket.OpenToLocalProcesses(options.Endpoint);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        WorkloadSocket.Remove(options.Endpoint);
        return Task.CompletedTask;
    }
}
