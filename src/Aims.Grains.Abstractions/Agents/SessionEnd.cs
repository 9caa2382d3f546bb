using Aims.Core.Sessions;

namespace Aims.Grains.Agents;

/// <summary>A session of the agent is over (revoked or ended); the agent stops counting it and audits why.</summary>
/// <param name="State">The final state the session reached.</param>
[GenerateSerializer, Immutable, Alias("aims.SessionEnd")]
public sealed record SessionEnd(
    [property: Id(0)] string SessionId,
    [property: Id(1)] SessionState State,
    [property: Id(2)] string Reason,
    [property: Id(3)] string CorrelationId);
