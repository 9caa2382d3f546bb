using Aims.Agent.Hosting;
using Aims.Agent.Node;
using Aims.Agent.Svids;
using Aims.Agent.Sync;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aims.Agent;

/// <summary>
/// The agent's background duties, once a second: keep the node attested and its SVID renewed; every sync
/// interval fetch the trust bundle and this node's entries; renew workload SVIDs that are due. A failure of one
/// duty (the cluster unreachable) is logged once and retried; the caches keep serving meanwhile.
/// </summary>
internal sealed class NodeAgentWorker(
    NodeIdentity node,
    TrustBundleSource bundles,
    EntrySource entries,
    X509SvidCache x509Svids,
    NodeAgentOptions options,
    TimeProvider time,
    ILogger<NodeAgentWorker> log) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private DateTimeOffset _nextSync = DateTimeOffset.MinValue;
    private bool _unreachable;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        AgentLog.Serving(log, options.NodeId.ToString(), options.Endpoint.ToString());
        using var timer = new PeriodicTimer(Tick, time);
        do
        {
            await RunOnceAsync();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One round of every duty; public to the tests' eyes only through its effects.</summary>
    internal async Task RunOnceAsync()
    {
        var attested = await TryAsync("node attestation", () => node.MaintainAsync(CancellationToken.None));
        if (time.GetUtcNow() >= _nextSync)
        {
            var synced = await TryAsync("trust bundle", bundles.RefreshAsync);
            synced &= await TryAsync("registration entries", entries.RefreshAsync);

            // While the cluster is away, look again every tick rather than every sync interval.
            _nextSync = synced ? time.GetUtcNow() + options.SyncInterval : DateTimeOffset.MinValue;
            if (synced && attested && _unreachable)
            {
                _unreachable = false;
                AgentLog.ClusterReachable(log);
            }
        }

        await x509Svids.MaintainAsync(entries.Entries);
    }

    private async Task<bool> TryAsync(string operation, Func<Task> duty)
    {
        try
        {
            await duty();
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (!_unreachable)
                AgentLog.ClusterUnreachable(log, operation, e.Message);
            _unreachable = true;
            return false;
        }
    }
}
