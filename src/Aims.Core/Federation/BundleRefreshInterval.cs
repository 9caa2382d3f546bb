namespace Aims.Core.Federation;

/// <summary>How long to wait before polling a bundle endpoint again (SPIFFE Federation §5.1 "polling").</summary>
public static class BundleRefreshInterval
{
    /// <summary>The interval without a hint: five minutes, as Federation §5.1 and Trust Domain and Bundle §6 recommend.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromMinutes(5);

    /// <summary>The longest wait: a month-long hint would leave rotations unseen (and overflow grain timers).</summary>
    public static readonly TimeSpan Ceiling = TimeSpan.FromDays(1);

    /// <summary>
    /// The bundle's <c>spiffe_refresh_hint</c> (<see cref="Default"/> when absent or not positive), raised to
    /// <paramref name="floor"/> so a peer cannot make this fabric poll it in a tight loop, and capped at
    /// <see cref="Ceiling"/>. A failed fetch waits the same interval: retries are not aggressive.
    /// </summary>
    public static TimeSpan Next(TimeSpan? hint, TimeSpan floor)
    {
        var interval = hint is { } h && h > TimeSpan.Zero ? h : Default;
        if (interval < floor)
            interval = floor;
        return interval > Ceiling ? Ceiling : interval;
    }
}
