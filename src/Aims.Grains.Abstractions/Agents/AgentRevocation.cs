using Aims.Core.Agents;

namespace Aims.Grains.Agents;

/// <summary>
/// The durable facts validation falls back on when a signal may have been lost: tokens issued at or before
/// <paramref name="RevokedBefore"/> are dead; live ones carry at most <paramref name="ReducedScope"/> when it is set.
/// </summary>
[GenerateSerializer, Immutable, Alias("aims.AgentRevocation")]
public sealed record AgentRevocation(
    [property: Id(0)] bool Registered,
    [property: Id(1)] AgentState State,
    [property: Id(2)] DateTimeOffset? RevokedBefore,
    [property: Id(3)] string? ReducedScope,
    [property: Id(4)] long Epoch);
