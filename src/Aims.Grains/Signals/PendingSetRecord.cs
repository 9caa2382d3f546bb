namespace Aims.Grains.Signals;

[GenerateSerializer, Immutable, Alias("aims.PendingSetRecord")]
public sealed record PendingSetRecord(
    [property: Id(0)] string Jti,
    [property: Id(1)] string Token,
    [property: Id(2)] DateTimeOffset EnqueuedAt,
    [property: Id(3)] int Attempts,
    [property: Id(4)] DateTimeOffset NextAttemptAt);
