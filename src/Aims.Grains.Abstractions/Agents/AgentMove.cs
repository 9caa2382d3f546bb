namespace Aims.Grains.Agents;

/// <summary>Move the agent to <paramref name="NewSpiffeId"/> (see <see cref="IAgentGrain.MoveAsync"/>).</summary>
[GenerateSerializer, Immutable, Alias("aims.AgentMove")]
public sealed record AgentMove(
    [property: Id(0)] string NewSpiffeId,
    [property: Id(1)] string Actor,
    [property: Id(2)] string CorrelationId,
    [property: Id(3)] string? Reason = null);
