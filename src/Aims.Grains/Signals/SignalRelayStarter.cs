using Microsoft.Extensions.Logging;

namespace Aims.Grains.Signals;

/// <summary>
/// Starts this silo's <see cref="SignalRelayGrain"/> once the silo is active and checks on it every
/// <see cref="CheckInterval"/>, so a relay lost with a failed activation is back within that time.
/// </summary>
public sealed partial class SignalRelayStarter(IGrainFactory grains, ILocalSiloDetails silo, ILogger<SignalRelayStarter> logger)
    : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(15);

    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SignalRelayStarter), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        await EnsureRelayAsync();
        _loop = Task.Run(LoopAsync, CancellationToken.None);
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_loop is not null)
            await _loop.WaitAsync(cancellationToken).ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(CheckInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
                await EnsureRelayAsync();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task EnsureRelayAsync()
    {
        try
        {
            if (!await grains.GetGrain<ISignalRelayGrain>(SignalRelayGrain.KeyOf(silo.SiloAddress)).StartAsync())
                LogRelayElsewhere(silo.SiloAddress.ToString());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRelayFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The signal relay of silo {Silo} was placed on another silo; retrying")]
    private partial void LogRelayElsewhere(string silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Starting the signal relay failed; retrying")]
    private partial void LogRelayFailed(Exception exception);
}
