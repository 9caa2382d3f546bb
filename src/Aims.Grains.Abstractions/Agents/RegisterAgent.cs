namespace Aims.Grains.Agents;

/// <param name="MovedFrom">The old ID when this registration is the new half of a move (<see cref="IAgentGrain.MoveAsync"/>).</param>
[GenerateSerializer, Immutable, Alias("aims.RegisterAgent")]
public sealed record RegisterAgent(
    [property: Id(0)] string? Policy,
    [property: Id(1)] IReadOnlyList<string> Selectors,
    [property: Id(2)] IReadOnlyDictionary<string, string> Metadata,
    [property: Id(3)] string Actor,
    [property: Id(4)] string CorrelationId,
    [property: Id(5)] string? MovedFrom = null);
