using Aims.Grains.Hosting;
using Microsoft.Extensions.Logging;

namespace Aims.Grains.Federation;

/// <summary>
/// Activates every configured relationship's <see cref="FederatedBundleGrain"/> once the silo is active, so bundles
/// are fetched without anyone asking, and again every <see cref="CheckInterval"/>, so a grain lost with a failed silo
/// comes back on another one.
/// </summary>
public sealed partial class FederationStarter(IGrainFactory grains, FederationSettings settings, ILogger<FederationStarter> logger)
    : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromMinutes(1);

    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public void Participate(ISiloLifecycle lifecycle)
    {
        if (settings.Relationships.Count > 0)
            lifecycle.Subscribe(nameof(FederationStarter), ServiceLifecycleStage.Active, StartAsync, StopAsync);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        await EnsureStartedAsync();
        _loop = Task.Run(LoopAsync, CancellationToken.None);
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_loop is not null)
            await _loop.WaitAsync(cancellationToken).ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(CheckInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
                await EnsureStartedAsync();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task EnsureStartedAsync()
    {
        foreach (var relationship in settings.Relationships.All)
        {
            try
            {
                await grains.GetGrain<IFederatedBundleGrain>(GrainKeys.FederatedBundle(relationship.TrustDomain)).StartAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogStartFailed(relationship.TrustDomain.Name, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Starting the federated bundle of {TrustDomain} failed; retrying")]
    private partial void LogStartFailed(string trustDomain, Exception exception);
}
