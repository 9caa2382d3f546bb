namespace Aims.Grains.Agents;

/// <param name="Source">The agent under its old ID: terminated with <c>MovedTo</c> when moved, unchanged otherwise.</param>
/// <param name="Target">The agent under its new ID when moved.</param>
/// <param name="Detail">Why nothing changed, when nothing did.</param>
[GenerateSerializer, Immutable, Alias("aims.AgentMoveResult")]
public sealed record AgentMoveResult(
    [property: Id(0)] AgentMoveOutcome Outcome,
    [property: Id(1)] AgentView Source,
    [property: Id(2)] AgentView? Target,
    [property: Id(3)] string? Detail);
