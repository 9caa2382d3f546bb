using System.Diagnostics;
using Aims.Grains.Tokens;
using Aims.Testing;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Aims.Bench.Compromise;

/// <summary>
/// An Orleans client of the benchmark's cluster (Azure table membership, like the silos) that asks the management
/// grain how many token grains each silo holds: where the compromise has to reach them.
/// </summary>
internal sealed class ActivationCensus(IHost host, IReadOnlyList<SiloProcess> silos) : IAsyncDisposable
{
    private static readonly string TokenGrainType = typeof(TokenGrain).FullName + ",";

    private IManagementGrain Management => host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);

    public static async Task<ActivationCensus> ConnectAsync(AzureClusterSettings cluster, IReadOnlyList<SiloProcess> silos)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            client.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(cluster.ConnectionString));
        });
        var host = builder.Build();
        await host.StartAsync();
        return new ActivationCensus(host, silos);
    }

    /// <summary>Until the membership table shows <paramref name="count"/> active silos.</summary>
    public async Task WaitForSilosAsync(int count, TimeSpan budget)
    {
        var clock = Stopwatch.StartNew();
        while ((await Management.GetHosts(onlyActive: true)).Count < count)
        {
            if (clock.Elapsed > budget)
                throw new TimeoutException($"fewer than {count} silos were active after {budget.TotalSeconds:0} s");
            await Task.Delay(250);
        }
    }

    /// <summary>Token grain activations on each silo, in the order of the silo list (matched by silo port).</summary>
    public async Task<int[]> TokenGrainsPerSiloAsync()
    {
        var statistics = await Management.GetSimpleGrainStatistics();
        return
        [
            .. silos.Select(silo => statistics
                .Where(s => s.SiloAddress.Endpoint.Port == silo.Ports.Silo && s.GrainType.StartsWith(TokenGrainType, StringComparison.Ordinal))
                .Sum(s => s.ActivationCount)),
        ];
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
