namespace Aims.Grains.Hosting;

/// <summary>
/// The one timer of a short-lived record's grain (a token, a transaction, a challenge) that deactivates the activation
/// once the record has expired, so nothing expired stays in memory.
/// </summary>
internal static class ExpiryDeactivation
{
    /// <summary>Arms the timer due at <paramref name="expiresAt"/> (at once when it has passed), replacing <paramref name="previous"/>.</summary>
    public static IGrainTimer DeactivateAt(this IGrainBase grain, IGrainTimer? previous, DateTimeOffset expiresAt, TimeProvider time)
    {
        previous?.Dispose();
        var due = expiresAt - time.GetUtcNow();
        return grain.RegisterGrainTimer(
            static (activation, _) =>
            {
                activation.DeactivateOnIdle();
                return Task.CompletedTask;
            },
            grain,
            new GrainTimerCreationOptions(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }
}
