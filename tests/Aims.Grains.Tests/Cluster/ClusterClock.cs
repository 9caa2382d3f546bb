using Microsoft.Extensions.Time.Testing;

namespace Aims.Grains.Tests.Cluster;

/// <summary>
/// The one fake clock of the test cluster. Silo configurators are created by TestCluster through a parameterless
/// constructor, so they cannot be handed the fixture's clock; every in-process silo reads it from here instead.
/// </summary>
public static class ClusterClock
{
    /// <summary>A whole second, so JWT NumericDate claims (seconds) equal the clock exactly.</summary>
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Current { get; } = new(Start);
}
