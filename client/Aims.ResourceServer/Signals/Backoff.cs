namespace Aims.ResourceServer.Signals;

/// <summary>
/// Waits between failed calls to the fabric: <c>min · 2^(failures-1)</c>, at most <c>max</c>, each drawn between half
/// and all of that, so that many resource servers cut off by the same outage do not come back in lockstep.
/// </summary>
internal sealed class Backoff(TimeSpan min, TimeSpan max)
{
    private int _failures;

    public int Failures => _failures;

    public TimeSpan Next()
    {
        var ceiling = Ceiling(_failures++);
        return ceiling * (0.5 + (Random.Shared.NextDouble() / 2));
    }

    public void Reset() => _failures = 0;

    /// <summary>The longest wait after <paramref name="failuresBefore"/> earlier failures in a row.</summary>
    public TimeSpan Ceiling(int failuresBefore)
    {
        var factor = Math.Pow(2, Math.Min(failuresBefore, 30));
        var ticks = Math.Min(min.Ticks * factor, max.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
